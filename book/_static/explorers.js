// Draw each explorer on the page (naltrexone/sphinxext/explorers.py) from its Vega-Lite
// specification with the pinned Vega bundles served from this book. The static figure beside it
// stays in the page for print and for readers without JavaScript.
(function () {
  "use strict";
  // window.naltrexoneExplorers[name] = {view, readout()}: what the browser tests read.
  const registry = (window.naltrexoneExplorers = window.naltrexoneExplorers || {});

  // The sentences of the mark named "readout" (naltrexone/explorers.py), with the numbers behind them.
  function readoutItems(view) {
    const found = [];
    (function walk(item) {
      if (item.mark && item.mark.name === "readout_marks") found.push(item.datum);
      (item.items || []).forEach(walk);
    })(view.scenegraph().root);
    return found;
  }

  async function draw(script) {
    const name = script.dataset.explorer;
    const box = script.closest(".explorer");
    const target = box.querySelector(".explorer-live");
    const status = box.querySelector(".explorer-status");
    const spec = JSON.parse(script.textContent);
    const result = await vegaEmbed(target, spec, { actions: false, renderer: "svg" });
    const view = result.view;
    // Screen readers hear the readout whenever a control changes it.
    const announce = () => {
      status.textContent = readoutItems(view).map((d) => [].concat(d.text).join(" ")).join(" ");
    };
    for (const param of spec.params || []) {
      if (param.bind) view.addSignalListener(param.name, () => view.runAfter(announce));
    }
    announce();
    target.hidden = false;
    box.classList.add("explorer-ready");
    registry[name] = { view: view, readout: () => readoutItems(view) };
  }

  function start() {
    document.querySelectorAll("script.explorer-spec").forEach((script) => {
      draw(script).catch((error) => {
        script.closest(".explorer").classList.add("explorer-failed");
        console.error("explorer " + script.dataset.explorer + ": " + error);
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

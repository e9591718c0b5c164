// An explorer computed outside the browser by the same Vega engine the browser runs.
//   node explorers/render.mjs < request.json  ->  [{"svg": "...", "readout": [...], "values": [...]}, ...]
// The request is {"spec": <Vega-Lite>, "runs": [{<control>: <value>}, ...], "svg": true|false}; each
// run starts from the controls' defaults; the answer is a list, one result per run.
// naltrexone.explorers uses it to draw each explorer's static figure (the SVG at the settings it
// opens with: for print, the PDF and readers without JavaScript, with the readout for its alt text)
// and the tests use it to compare the engine's numbers with the Python models at many settings.
import * as vl from 'vega-lite';
import * as vega from 'vega';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const request = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const spec = vl.compile(request.spec).spec;
// Explorers carry their data inline: a loader that refuses keeps anything from being fetched.
const loader = vega.loader();
loader.load = () => Promise.reject(new Error('explorers carry their data inline'));
const view = new vega.View(vega.parse(spec), {renderer: 'none', loader});
const defaults = Object.fromEntries((request.spec.params || []).map((p) => [p.name, p.value]));

function readout(item, out) {
  if (item.mark && item.mark.name === 'readout_marks') out.push(item.datum);
  for (const child of item.items || []) readout(child, out);
  return out;
}

// One view, reset to the defaults and set again for each run: many settings cost one start-up.
const results = [];
for (const settings of request.runs || [{}]) {
  for (const [name, value] of Object.entries({...defaults, ...settings})) view.signal(name, value);
  await view.runAsync();
  const found = readout(view.scenegraph().root, []);
  results.push({
    svg: request.svg === false ? null : await view.toSVG(),
    readout: found.flatMap((d) => [].concat(d.text)),
    values: found.map((d) => Object.fromEntries(Object.entries(d).filter(([key]) => key !== 'text'))),
  });
}
process.stdout.write(JSON.stringify(results));

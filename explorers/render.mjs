// An explorer computed outside the browser by the same Vega engine the browser runs.
//   node explorers/render.mjs < request.json  ->  {"svg": "...", "readout": [...], "values": [...]}
// The request is {"spec": <Vega-Lite>, "settings": {<control>: <value>}}; settings may be empty.
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
for (const [name, value] of Object.entries(request.settings || {})) view.signal(name, value);
await view.runAsync();

function readout(item, out) {
  if (item.mark && item.mark.name === 'readout_marks') out.push(item.datum);
  for (const child of item.items || []) readout(child, out);
  return out;
}
const found = readout(view.scenegraph().root, []);
const svg = await view.toSVG();
process.stdout.write(JSON.stringify({
  svg,
  readout: found.flatMap((d) => [].concat(d.text)),
  values: found.map((d) => Object.fromEntries(Object.entries(d).filter(([key]) => key !== 'text'))),
}));

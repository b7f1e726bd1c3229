// The soak: the page trains at maximum speed for SOAK_SECONDS (default 600) in headless
// Chromium, and the JS heap, the DOM node count and the wasm memory are read after a
// warm-up and at the end (after a garbage collection each time). They should stay flat.
// Usage: node soak.mjs DIST → one JSON object on stdout; exit 1 if any grew by over 10 %.
import { serve } from '../tests/e2e/serve.mjs';
import { launch } from '../tests/e2e/browser.mjs';

const dist = process.argv[2] ?? '../dist';
const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const WARM_UP = Math.min(30, SECONDS / 4);
const SETUP = process.env.SOAK_SETUP ?? 'dataset=spiral&layers=8,8,8,8&optimizer=adam&lr=0.01&batch=10';

const server = await serve(dist);
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
const cdp = await page.context().newCDPSession(page);
await page.goto(`${server.url}#${SETUP}`);
await page.getByTestId('boundary').waitFor();
await page.getByTestId('speed').selectOption('max');
await page.getByTestId('play').click();

async function measure() {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters');
  const page_ = await page.evaluate(() => ({
    wasm: window.neuroplayMemoryBytes(),
    epoch: Number(document.querySelector('[data-testid=epoch]').textContent.replaceAll(',', '')),
  }));
  return { seconds: 0, js_heap_bytes: heap.usedSize, dom_nodes: dom.nodes, wasm_bytes: page_.wasm, epoch: page_.epoch };
}

const t0 = Date.now();
await page.waitForTimeout(WARM_UP * 1000);
const start = { ...(await measure()), seconds: (Date.now() - t0) / 1000 };
const samples = [start];
const every = Math.max(10, SECONDS / 10);
while ((Date.now() - t0) / 1000 < SECONDS) {
  await page.waitForTimeout(Math.min(every, SECONDS - (Date.now() - t0) / 1000) * 1000);
  samples.push({ ...(await measure()), seconds: (Date.now() - t0) / 1000 });
}
const end = samples[samples.length - 1];
const growth = (k) => (end[k] - start[k]) / Math.max(1, start[k]);
const result = {
  setup: SETUP,
  seconds: SECONDS,
  warm_up_seconds: WARM_UP,
  start,
  end,
  growth: { js_heap: growth('js_heap_bytes'), dom_nodes: growth('dom_nodes'), wasm: growth('wasm_bytes') },
  samples,
};
result.flat = Object.values(result.growth).every((g) => g <= 0.1);
console.log(JSON.stringify(result, null, 2));
await browser.close();
await server.close();
process.exit(result.flat ? 0 : 1);

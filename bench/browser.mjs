// The page itself in headless Chromium: time to the first painted boundary, then frames/s
// and training examples/s with the default network at full speed, redrawing every frame.
// Usage: node browser.mjs DIST → one JSON object on stdout.
import { serve } from '../tests/e2e/serve.mjs';
import { launch } from '../tests/e2e/browser.mjs';

const dist = process.argv[2] ?? '../dist';
const SECONDS = Number(process.env.BROWSER_SECONDS ?? 5);
const server = await serve(dist);
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
await page.goto(server.url);
// The first frame: the boundary canvas holds painted pixels (polled every animation frame).
await page.waitForFunction(
  () => {
    const c = document.querySelector('[data-testid=boundary]');
    if (!c) return false;
    const d = c.getContext('2d').getImageData(0, 0, 1, 1).data;
    if (d[3] !== 255) return false;
    window.__firstFrame = performance.now();
    return true;
  },
  null,
  { polling: 'raf', timeout: 10000 },
);
const firstFrame = await page.evaluate(() => window.__firstFrame);
const trainSize = 250; // the default: 500 points, half for training
await page.getByTestId('speed').selectOption('max');
await page.getByTestId('play').click();
await page.waitForTimeout(1000);
const m = await page.evaluate(async (seconds) => {
  const epoch = () => Number(document.querySelector('[data-testid=epoch]').textContent.replaceAll(',', ''));
  let frames = 0;
  let running = true;
  const count = () => {
    frames++;
    if (running) requestAnimationFrame(count);
  };
  const e0 = epoch();
  const t0 = performance.now();
  requestAnimationFrame(count);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  running = false;
  const dt = (performance.now() - t0) / 1000;
  return { fps: frames / dt, epochs: (epoch() - e0) / dt };
}, SECONDS);
await browser.close();
await server.close();
console.log(
  JSON.stringify({
    results: [
      { engine: 'neuroplay-wasm', workload: 'browser-fps', value: m.fps, unit: 'frames/s' },
      { engine: 'neuroplay-wasm', workload: 'browser-examples', value: m.epochs * trainSize, unit: 'examples/s' },
      { engine: 'neuroplay-wasm', workload: 'browser-first-frame', value: firstFrame, unit: 'ms' },
    ],
  }),
);

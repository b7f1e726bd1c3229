// What every end-to-end test file shares: the release build served locally, one headless
// Chromium, the folder for screenshots, and the small functions that read the page.
import { before, after } from 'node:test';
import { mkdir } from 'node:fs/promises';
import { serve } from './serve.mjs';
import { launch, openPage } from './browser.mjs';

export { neuronPixels, neuronsAlphaAt, openPage } from './browser.mjs';

/** The release build to test. */
export const DIST = process.env.DIST ?? 'dist';
/** Where the tests leave their screenshots. */
export const SHOTS = process.env.SHOTS ?? 'target/e2e';

/** Registers the test file's `before` (serve DIST, launch the browser, make SHOTS) and
 *  `after` (close both). Returns the handles, filled in once `before` has run:
 *  `browser`, `server`, `url` (the page's address) and `open(hash)`. */
export function setup() {
  const fx = {
    server: undefined,
    browser: undefined,
    get url() {
      return fx.server.url;
    },
    /** Opens the page at `hash` (`''` or `'#key=value&…'`), recording its errors. */
    open: (hash = '') => openPage(fx.browser, fx.server.url + hash),
  };
  before(async () => {
    fx.server = await serve(DIST);
    fx.browser = await launch();
    await mkdir(SHOTS, { recursive: true });
  });
  after(async () => {
    await fx.browser?.close();
    await fx.server?.close();
  });
  return fx;
}

/** The lectures' 2-2-1 network on XOR, trained one example at a time: the backprop lesson. */
export const TEXTBOOK = 'lesson=backprop&dataset=xor&features=x1,x2&layers=2&activation=sigmoid&output=sigmoid&bias=off&loss=mse&lr=1&batch=1';

export const sigmoid = (x) => 1 / (1 + Math.exp(-x));

/** A number as the page writes it (thousands separated by commas). */
export const number = (text) => Number(text.replaceAll(',', ''));

/** The epoch the page shows. */
export const epoch = async (page) => number(await page.getByTestId('epoch').textContent());

/** Waits until the page shows epoch `n` or later. */
export async function waitForEpoch(page, n, timeout = 60000) {
  // Until the page has mounted there is no counter yet: keep waiting.
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid=epoch]')?.textContent.replaceAll(',', '') ?? -1) >= n, n, { timeout });
}

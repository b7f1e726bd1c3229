// Debian's Chromium, driven by playwright-core (no browser download).
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--no-first-run',
];

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

/** Opens a page and records every console error and uncaught exception in `errors`. */
export async function openPage(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  page.on('response', (res) => {
    if (res.status() >= 400) errors.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  await page.goto(url);
  return { page, errors };
}

/** The pixels of a hidden or output neuron's heatmap as painted on its column's canvas
 *  (the inside of its frame), as a flat RGBA array. */
export function neuronPixels(page, testid) {
  return page.evaluate((testid) => {
    const n = document.querySelector(`[data-testid="${testid}"]`).getBoundingClientRect();
    const inside = (r) => n.left >= r.left && n.right <= r.right + 1 && n.top >= r.top && n.bottom <= r.bottom + 1;
    const c = [...document.querySelectorAll('[data-testid=neurons-canvas] canvas')].find((c) => inside(c.getBoundingClientRect()));
    const r = c.getBoundingClientRect();
    const k = c.width / r.width;
    const [x, y] = [Math.round((n.left - r.left + 2) * k), Math.round((n.top - r.top + 2) * k)];
    const [w, h] = [Math.round((n.width - 4) * k), Math.round((n.height - 4) * k)];
    return Array.from(c.getContext('2d').getImageData(x, y, w, h).data);
  }, testid);
}

/** The opacity (0–255) of what the neurons' canvases paint at the page's point (x, y): 0
 *  where none of them lies. */
export function neuronsAlphaAt(page, x, y) {
  return page.evaluate(([x, y]) => {
    for (const c of document.querySelectorAll('[data-testid=neurons-canvas] canvas')) {
      const b = c.getBoundingClientRect();
      if (x < b.left || x >= b.right || y < b.top || y >= b.bottom) continue;
      const k = c.width / b.width;
      return c.getContext('2d').getImageData(Math.floor((x - b.left) * k), Math.floor((y - b.top) * k), 1, 1).data[3];
    }
    return 0;
  }, [x, y]);
}

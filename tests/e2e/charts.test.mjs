// End-to-end: the course's charts read from the back of a room. Gradient health keeps its
// key off the plot and names every layer and run once; its ticks are far enough apart; the
// charts are drawn at their box's size (sharp, not letterboxed); presentation mode's type is
// large; the learning-rate finder shows its curve without a click.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { setup, SHOTS, waitForEpoch } from './fixture.mjs';

const fx = setup();

const SOURCE = await readFile(new URL('../../src/lessons.rs', import.meta.url), 'utf8');
/** A lesson's whole link, from the one list of lessons. */
const settings = (id) => SOURCE.match(new RegExp(`id: "${id}",[\\s\\S]*?settings: "([^"]+)"`))[1];

/** A lesson in presentation mode at `width × height`. */
async function present(id, width, height) {
  const page = await fx.browser.newPage({ viewport: { width, height } });
  const errors = [];
  page.on('console', (msg) => msg.type() === 'error' && errors.push(`console: ${msg.text()}`));
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  await page.goto(`${fx.url}#${settings(id)}&present=1`);
  await page.getByTestId('lesson-caption').waitFor();
  return { page, errors };
}

/** Waits until the charts have been drawn at their settled size. */
const settle = (page) => page.waitForTimeout(700).then(() => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))));

/** What a chart canvas says of itself: its box, its bitmap, its plot area (page pixels),
 *  its ticks' and text's CSS sizes. */
const chart = (page, testid) =>
  page.evaluate((testid) => {
    const c = document.querySelector(`[data-testid=${testid}]`);
    const r = c.getBoundingClientRect();
    const panel = c.closest('.chart-panel').getBoundingClientRect();
    const [x, y, w, h] = (c.dataset.plot ?? '0,0,0,0').split(',').map(Number);
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let inked = 0;
    for (let i = 0; i < d.length; i += 16) if (Math.abs(d[i] - d[i + 2]) > 60) inked++;
    return {
      box: { x: r.x, y: r.y, w: r.width, h: r.height },
      panel: { w: panel.width, h: panel.height },
      bitmap: { w: c.width, h: c.height },
      dpr: Math.min(Math.max(devicePixelRatio, 1), 2),
      plot: { x: r.x + x, y: r.y + y, w, h },
      tick: Number(c.dataset.tick),
      text: Number(c.dataset.text),
      yLabels: Number(c.dataset.yLabels),
      histograms: Number(c.dataset.histograms),
      inked,
    };
  }, testid);

/** The bitmap is the box at the pixel density: neither stretched nor letterboxed. */
function sharp(c, what) {
  assert.ok(Math.abs(c.bitmap.w - c.box.w * c.dpr) <= 2 && Math.abs(c.bitmap.h - c.box.h * c.dpr) <= 2, `${what}: bitmap ${c.bitmap.w}×${c.bitmap.h} for a ${c.box.w}×${c.box.h} box`);
}

const overlap = (a, b) => Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));

for (const [width, height] of [
  [1280, 720],
  [1920, 1080],
]) {
  test(`gradient health at ${width}×${height} in presentation: its key off the plot, every layer and run named once, ticks apart`, async () => {
    const { page, errors } = await present('vanishing', width, height);
    await page.getByTestId('play').click();
    await waitForEpoch(page, 15);
    await page.getByTestId('play').click();
    await settle(page);
    const c = await chart(page, 'grad-norms');
    sharp(c, 'grad-norms');
    assert.ok(c.tick >= 14 && c.text >= 16, `ticks ${c.tick} px, text ${c.text} px`);
    assert.ok(c.inked > 200, `the lines are drawn (${c.inked})`);
    // The plot is inside the canvas and has room; the key is beside it, over none of it.
    assert.ok(c.plot.w > 0.6 * c.box.w && c.plot.h >= 40, `plot ${c.plot.w}×${c.plot.h} in ${c.box.w}×${c.box.h}`);
    const key = page.getByTestId('grad-key');
    const k = await key.boundingBox();
    assert.equal(overlap({ x: k.x, y: k.y, w: k.width, h: k.height }, c.plot), 0, 'the key is off the plot');
    assert.equal(overlap({ x: k.x, y: k.y, w: k.width, h: k.height }, c.box), 0, 'the key is off the canvas');
    // Eight hidden layers and the output, by colour once; the two runs, by dash once.
    const items = await key.locator('.key-item').allTextContents();
    assert.deepEqual(items.slice(0, 9), ['1', '2', '3', '4', '5', '6', '7', '8', 'output']);
    assert.deepEqual(items.slice(9), ['run 1 (sigmoid, uniform)', 'run 2 (relu, he)']);
    const size = await key.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    assert.ok(size >= 16, `key text ${size} px`);
    // The decades labelled are two tick heights apart at least.
    assert.ok(c.yLabels >= 2 && c.plot.h / (c.yLabels - 1) >= 2 * c.tick, `${c.yLabels} labels over ${c.plot.h} px`);
    // The weights' histograms, when shown, are every layer's.
    assert.ok(c.histograms === 0 || c.histograms === 9, `${c.histograms} histograms`);
    if (width === 1920) assert.equal(c.histograms, 9, 'a full-HD stage has room for the histograms');
    await page.screenshot({ path: `${SHOTS}/grad-norms-${width}.png` });
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test('the activation plots fill their panel at 1920×1080 in presentation, sharp, with their key', async () => {
  const { page, errors } = await present('activations', 1920, 1080);
  await page.getByTestId('play').click();
  await waitForEpoch(page, 5);
  await page.getByTestId('play').click();
  await settle(page);
  const c = await chart(page, 'activation-plot');
  sharp(c, 'activation-plot');
  assert.ok(c.box.h > 0.75 * c.panel.h && c.box.w > 0.9 * c.panel.w, `plot ${c.box.w}×${c.box.h} in a ${c.panel.w}×${c.panel.h} panel`);
  assert.ok(c.tick >= 14 && c.text >= 16, `ticks ${c.tick} px, text ${c.text} px`);
  const key = page.getByTestId('activation-key');
  assert.ok(await key.isVisible(), 'the key shows in presentation mode');
  assert.match(await key.textContent(), /f\(z\).*f′\(z\)/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the learning-rate finder shows its curve when the lesson opens, without a click, filling its panel', async () => {
  const { page, errors } = await present('lr-finder', 1280, 720);
  const suggested = Number(await page.getByTestId('lr-suggested').textContent());
  assert.ok(suggested > 1e-5 && suggested < 1, `${suggested}`);
  await settle(page);
  const c = await chart(page, 'lr-chart');
  sharp(c, 'lr-chart');
  assert.ok(c.inked > 100, `the curve is drawn (${c.inked})`);
  assert.ok(c.box.w > 0.9 * c.panel.w && c.box.h > 0.6 * c.panel.h, `chart ${c.box.w}×${c.box.h} in a ${c.panel.w}×${c.panel.h} panel`);
  assert.ok(c.plot.h > 0.6 * c.box.h, `plot ${c.plot.h} px of ${c.box.h}`);
  // The button runs it again, to the same suggestion (same weights).
  await page.getByTestId('lr-finder').click();
  assert.equal(Number(await page.getByTestId('lr-suggested').textContent()), suggested);
  assert.deepEqual(errors, []);
  await page.close();
});

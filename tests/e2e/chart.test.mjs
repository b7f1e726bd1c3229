// End-to-end: the loss chart as a class reads it from the back of the room — the legend
// and the marks' labels stand clear of the curves, every tick label is whole, a diverged
// run does not flatten the others, and the canvas is drawn at the device's pixels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, waitForEpoch } from './fixture.mjs';

const fx = setup();

const paused = (page) => page.waitForFunction(() => document.querySelector('[data-testid=play]').getAttribute('aria-pressed') === 'false', null, { timeout: 30000 });

/** Waits until the chart has been drawn after training paused (it is redrawn at most every 50 ms). */
const settled = async (page) => {
  await paused(page);
  await page.waitForTimeout(300);
};

/** The plot's corners on the canvas (canvas pixels) and the y range, as the chart last drew them. */
const frame = (page) =>
  page.evaluate(() => {
    const c = document.querySelector('[data-testid=loss-chart]');
    const [left, top, right, bottom] = c.dataset.plot.split(' ').map(Number);
    const [lo, hi] = c.dataset.y.split(' ').map(Number);
    return { left, top, right, bottom, lo, hi, width: c.width, height: c.height, k: c.width / c.clientWidth };
  });

/** How many of the canvas's pixels in the rectangle [x0, x1) × [y0, y1) are near one of `colours`. */
const count = (page, [x0, y0, x1, y1], colours) =>
  page.evaluate(
    ([x0, y0, x1, y1, colours]) => {
      const c = document.querySelector('[data-testid=loss-chart]');
      const [w, h] = [Math.max(1, Math.round(x1 - x0)), Math.max(1, Math.round(y1 - y0))];
      const d = c.getContext('2d').getImageData(Math.round(x0), Math.round(y0), w, h).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (colours.some((rgb) => Math.abs(d[i] - rgb[0]) < 40 && Math.abs(d[i + 1] - rgb[1]) < 40 && Math.abs(d[i + 2] - rgb[2]) < 40)) n++;
      }
      return n;
    },
    [x0, y0, x1, y1, colours],
  );

/** The rightmost canvas column with text ink (the text colour) in rows [y0, y1), or -1. */
const rightmostInk = (page, y0, y1) =>
  page.evaluate(
    ([y0, y1]) => {
      const c = document.querySelector('[data-testid=loss-chart]');
      const d = c.getContext('2d').getImageData(0, y0, c.width, y1 - y0).data;
      let right = -1;
      for (let i = 0; i < d.length; i += 4) {
        if (d[i] < 160 && d[i + 1] < 160 && d[i + 2] < 160) right = Math.max(right, (i / 4) % c.width);
      }
      return right;
    },
    [Math.round(y0), Math.round(y1)],
  );

// The runs' colours (state.rs RUN_COLOURS) and one run's curves (viz::ORANGE, BLUE, the validation green).
const RUN_COLOURS = [[31, 119, 180], [214, 39, 40], [44, 160, 44]];
const CURVES = [[245, 147, 34], [8, 119, 189], [46, 160, 67]];

test('a comparison: the legend is a row above the canvas, the curves stay in the plot, and the last tick label is whole', async () => {
  // Training ends on a tick (40): its label stands centred on the plot's right edge.
  const { page, errors } = await fx.open('#dataset=circle&layers=4&optimizer=sgd&lr=0.3&until=40&compare=batch:10,25&play=1');
  await waitForEpoch(page, 40);
  await settled(page);
  const legend = await page.getByTestId('chart-legend').boundingBox();
  const chart = await page.getByTestId('loss-chart').boundingBox();
  assert.ok(legend.y + legend.height <= chart.y + 0.5, `the legend (${legend.y}–${legend.y + legend.height}) above the canvas (from ${chart.y})`);
  // Beside a view on the stage, the legend is a column right of the canvas: never over it.
  const staged = await fx.open('#lesson=momentum&present=1');
  await staged.page.getByTestId('run-2').waitFor();
  await staged.page.waitForTimeout(400);
  const [l, c] = [await staged.page.getByTestId('chart-legend').boundingBox(), await staged.page.getByTestId('loss-chart').boundingBox()];
  const apart = l.x >= c.x + c.width - 0.5 || l.y >= c.y + c.height - 0.5 || l.x + l.width <= c.x + 0.5 || l.y + l.height <= c.y + 0.5;
  assert.ok(apart, `the legend ${JSON.stringify(l)} off the canvas ${JSON.stringify(c)}`);
  await staged.page.close();
  const f = await frame(page);
  const outside = (await count(page, [0, 0, f.width, f.top - 1], RUN_COLOURS)) + (await count(page, [f.right + 2, 0, f.width, f.height], RUN_COLOURS));
  assert.equal(outside, 0, 'no curve beyond the plot');
  assert.ok((await count(page, [f.left, f.top, f.right, f.bottom], RUN_COLOURS.slice(0, 2))) > 40, 'the curves in the plot');
  // The x ticks' row: ink right of the plot's edge (the "40" stands across it) that ends before the canvas does.
  const ink = await rightmostInk(page, f.bottom + 2, f.bottom + 2 + 16 * f.k);
  assert.ok(ink > f.right && ink < f.width - 2, `the last tick label ends at ${ink}, plot to ${f.right}, canvas ${f.width}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a diverged run leaves the top of the chart: the y axis is scaled to the others', async () => {
  const { page, errors } = await fx.open('#dataset=circle&layers=4,2&optimizer=sgd&until=60&compare=lr:0.3,10&play=1');
  await page.waitForFunction(() => /Diverged: run 2/.test(document.querySelector('[data-testid=curve-reading]')?.textContent), null, { timeout: 60000 });
  await settled(page);
  await page.waitForFunction(() => /run 2 diverged/.test(document.querySelector('[data-testid=loss-chart]').getAttribute('aria-label')));
  const f = await frame(page);
  // Each run's watched loss read under the pointer across the plot.
  const box = await page.getByTestId('loss-chart').boundingBox();
  const runs = [[], []];
  for (let i = 0; i <= 60; i++) {
    const x = box.x + (f.left + ((f.right - f.left) * i) / 60) / f.k;
    await page.mouse.move(Math.min(x, box.x + f.right / f.k - 0.5), box.y + box.height / 2);
    const text = await page.getByTestId('chart-readout').textContent();
    for (const [, k, v] of text.matchAll(/run (\d): (\d+\.\d+)/g)) runs[k - 1].push(Number(v));
  }
  const [kept, gone] = runs.map((r) => Math.max(...r));
  assert.ok(gone > f.hi, `the diverged run reaches ${gone}, above the axis's ${f.hi}`);
  assert.ok(f.hi < kept * 1.6, `the axis (to ${f.hi}) is scaled to run 1 (to ${kept})`);
  // Its mark: a triangle in its colour at the top of the plot.
  assert.ok((await count(page, [f.left, f.top, f.right, f.top + 14 * f.k], [RUN_COLOURS[1]])) > 10, 'the diverged run marked at the top');
  assert.deepEqual(errors, []);
  await page.close();
});

test('one run with a validation set: a key to its three curves under the plot, and the marks labelled above it, off the curves', async () => {
  const { page, errors } = await fx.open('#dataset=gauss&noise=50&train=10&val=20&layers=16,16&optimizer=adam&lr=0.03&patience=5&play=1');
  await page.waitForFunction(() => document.querySelector('[data-testid=curve-reading]')?.textContent.startsWith('Stopped early'), null, { timeout: 60000 });
  await settled(page);
  // It stopped at the epoch the patience ran out, 5 after the best, whose weights are back.
  const [, stop, best] = (await page.getByTestId('curve-reading').textContent()).match(/^Stopped early at epoch (\d+): .* since epoch (\d+)/);
  assert.equal(Number(stop) - Number(best), 5, `stopped at ${stop}, best ${best}`);
  assert.equal(await page.getByTestId('epoch').textContent(), best, 'the epoch shown is the restored one');
  const f = await frame(page);
  // The band above the plot holds the labels ("restored …", "stopped … · gap …") and no curve.
  assert.equal(await count(page, [0, 0, f.width, f.top - 1], CURVES), 0, 'no curve above the plot');
  const text = await count(page, [0, 0, f.width, f.top - 1], [[60, 60, 70]]);
  assert.ok(text > 60, `the marks' labels above the plot (${text} pixels of text)`);
  // The key under the ticks: a stroke in each curve's colour below the plot.
  for (const rgb of CURVES) assert.ok((await count(page, [0, f.bottom + 2, f.width, f.height], [rgb])) > 8 * f.k, `the key's ${rgb}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('presentation at 1920×1080 on a 2× screen: the chart is drawn at device pixels', async () => {
  const page = await fx.browser.newPage({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 2 });
  await page.goto(`${fx.url}#lesson=momentum&present=1`);
  await page.getByTestId('run-1').waitFor();
  await page.waitForTimeout(400);
  const [w, h, cw, ch, tick] = await page.evaluate(() => {
    const c = document.querySelector('[data-testid=loss-chart]');
    return [c.width, c.height, c.clientWidth, c.clientHeight, Number(c.dataset.tick)];
  });
  assert.ok(Math.abs(w - 2 * cw) <= 1 && Math.abs(h - 2 * ch) <= 1, `canvas ${w}×${h} for a ${cw}×${ch} box`);
  assert.ok(tick >= 14, `ticks of ${tick} px`);
  const size = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('[data-testid=chart-legend] li')).fontSize));
  assert.ok(size >= 16, `the legend in ${size} px`);
  await page.close();
});

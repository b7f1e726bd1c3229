// End-to-end: the release build in dist/, served locally, in headless Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { epoch, neuronPixels, openPage, setup, waitForEpoch } from './fixture.mjs';

const fx = setup();

const lossTrain = async (page) => Number(await page.getByTestId('loss-train').textContent());
const neurons = (page) => page.locator('.neuron:not(.feature)').count();
/** Waits until the diagram shows `n` hidden and output neurons (it is redrawn after a change,
 *  not within the click). */
const untilNeurons = (page, n) => page.waitForFunction((n) => document.querySelectorAll('.neuron:not(.feature)').length === n, n);

test('the page loads without a console error and paints the boundary', async () => {
  const { page, errors } = await fx.open();
  await page.getByTestId('boundary').waitFor();
  await page.waitForTimeout(300);
  assert.equal(await page.title(), 'Neuroplay — a neural-network playground');
  // The boundary canvas holds a painted map: every pixel opaque, many shades.
  const shades = await page.evaluate(() => {
    const c = document.querySelector('[data-testid=boundary]');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] !== 255) return -1;
      seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    }
    return seen.size;
  });
  assert.ok(shades > 20, `boundary has ${shades} shades`);
  assert.match(page.url(), /#dataset=circle&.*layers=4,2/, 'the URL carries the settings');
  assert.deepEqual(errors, []);
  await page.close();
});

test('play advances the epoch and lowers the training loss on the spiral', async () => {
  const { page, errors } = await fx.open();
  await page.getByTestId('dataset-spiral').click();
  await page.getByTestId('optimizer').selectOption('adam');
  await page.getByTestId('learning-rate').selectOption('0.01');
  await page.getByTestId('speed').selectOption('5');
  const start = await lossTrain(page);
  assert.equal(await epoch(page), 0);
  await page.getByTestId('play').click();
  await waitForEpoch(page, 100);
  await page.getByTestId('play').click();
  const after = await lossTrain(page);
  assert.ok(after < start * 0.9, `training loss ${start} → ${after}`);
  const e = await epoch(page);
  await page.waitForTimeout(200);
  assert.equal(await epoch(page), e, 'pause holds');
  assert.deepEqual(errors, []);
  await page.close();
});

test('hovering a neuron shows it large, hovering the chart reads out the losses', async () => {
  const { page, errors } = await fx.open();
  for (let i = 0; i < 5; i++) await page.getByTestId('step').click();
  await page.waitForTimeout(100); // the next animation frame paints the new boundary
  // A checksum of the boundary canvas's pixels.
  const boundary = () => page.evaluate(() => {
    const c = document.querySelector('[data-testid=boundary]');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let h = 0;
    for (let i = 0; i < d.length; i++) h = (h * 31 + d[i]) >>> 0;
    return h;
  });
  const output = await boundary();
  await page.getByTestId('neuron-0-0').hover();
  await page.waitForTimeout(100);
  assert.notEqual(await boundary(), output, 'the plot shows the neuron');
  await page.getByTestId('loss-chart').hover({ position: { x: 300, y: 60 } });
  assert.match(await page.getByTestId('chart-readout').textContent(), /^epoch \d+: training \d\.\d+ · test \d\.\d+$/);
  await page.mouse.move(0, 0);
  await page.waitForTimeout(100);
  assert.equal(await boundary(), output, 'and back to the output');
  assert.deepEqual(errors, []);
  await page.close();
});

test('adding a layer updates the diagram and training goes on', async () => {
  const { page, errors } = await fx.open();
  // The default network, 4,2 and one output, once the page has drawn it.
  await untilNeurons(page, 7);
  await page.getByTestId('add-layer').click();
  await untilNeurons(page, 9);
  await page.getByTestId('layer-2-add').click();
  await untilNeurons(page, 10);
  await page.getByTestId('play').click();
  await waitForEpoch(page, 10);
  await page.getByTestId('play').click();
  assert.match(page.url(), /layers=4,2,3/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a copied URL reproduces the settings in a new page', async () => {
  const { page } = await fx.open();
  await page.getByTestId('dataset-xor').click();
  await page.getByTestId('learning-rate').selectOption('0.1');
  await page.getByTestId('activation').selectOption('relu');
  await page.getByTestId('remove-layer').click();
  await page.getByTestId('feature-x1x2').click();
  const url = page.url();
  for (let i = 0; i < 3; i++) await page.getByTestId('step').click();
  const lossAfter3 = await page.getByTestId('loss-train').textContent();
  await page.close();

  const { page: again, errors } = await openPage(fx.browser, url);
  assert.equal(await again.getByTestId('dataset-xor').getAttribute('aria-pressed'), 'true');
  assert.equal(await again.getByTestId('learning-rate').inputValue(), '0.1');
  assert.equal(await again.getByTestId('activation').inputValue(), 'relu');
  assert.equal(await again.getByTestId('feature-x1x2').getAttribute('aria-pressed'), 'true');
  assert.equal(await neurons(again), 4 + 1);
  for (let i = 0; i < 3; i++) await again.getByTestId('step').click();
  assert.equal(await again.getByTestId('loss-train').textContent(), lossAfter3, 'the same run, step for step');
  assert.equal(again.url(), url);
  assert.deepEqual(errors, []);
  await again.close();
});

test('a garbled hash shows the notice and sane defaults', async () => {
  const { page, errors } = await fx.open('#lr=banana&layers=999999&optimizer=%ZZ&&=&<script>');
  const notice = page.getByTestId('notice');
  await notice.waitFor();
  assert.match(await notice.textContent(), /could not be used/);
  assert.equal(await page.getByTestId('learning-rate').inputValue(), '0.03');
  assert.equal(await page.getByTestId('optimizer').inputValue(), 'sgd');
  assert.equal(await neurons(page), 4 + 2 + 1);
  await page.getByTestId('step').click();
  assert.equal(await epoch(page), 1, 'the page still trains');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the shipped WebAssembly is served with its MIME type', async () => {
  const html = await (await fetch(fx.url)).text();
  const wasm = html.match(/href="\/?([^"]+_bg\.wasm)"/)?.[1];
  assert.ok(wasm, 'index.html preloads the wasm module');
  const res = await fetch(fx.url + wasm);
  assert.equal(res.headers.get('content-type'), 'application/wasm');
  const bytes = new Uint8Array(await res.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 4)], [0x00, 0x61, 0x73, 0x6d]);
});

test('a weight can be reached with Tab and typed in from the keyboard', async () => {
  const { page, errors } = await fx.open();
  await page.getByTestId('remove-layer').focus();
  // Tab on from the layer controls until a weight has the focus.
  let focused = '';
  for (let i = 0; i < 12 && !focused.startsWith('link-'); i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
  }
  assert.match(focused, /^link-\d+-\d+-\d+$/, 'Tab reaches a weight');
  assert.match(await page.getByTestId('link-tooltip').textContent(), /^weight -?\d\.\d{3}/, 'focus shows its value');
  assert.match(await page.getByTestId(focused).getAttribute('aria-label'), /^Weight from .+ to .+: Enter types/);
  // The weights are one stop in the Tab order; the arrow keys walk them (and do not step
  // the training, which → does elsewhere).
  const active = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
  await page.keyboard.press('ArrowRight');
  const second = await active();
  assert.match(second, /^link-/);
  assert.notEqual(second, focused, 'an arrow moves to the next weight');
  assert.equal(await epoch(page), 0, 'and trains nothing');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await active(), focused);
  await page.keyboard.press('Tab');
  assert.doesNotMatch(await active(), /^link-/, 'Tab leaves the weights in one press');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await active(), focused, 'and Shift+Tab comes back to the same one');
  await page.keyboard.press('Enter');
  const box = page.getByTestId('weight-edit');
  await box.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'weight-edit');
  await page.keyboard.type('0.75');
  await page.keyboard.press('Enter');
  await box.waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), focused, 'focus comes back');
  assert.match(await page.getByTestId('link-tooltip').textContent(), /^weight 0\.750/);
  // Escape leaves the weight as it was.
  await page.keyboard.press('Enter');
  await box.waitFor();
  await page.keyboard.type('-3');
  await page.keyboard.press('Escape');
  await box.waitFor({ state: 'detached' });
  assert.match(await page.getByTestId('link-tooltip').textContent(), /^weight 0\.750/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('with three classes each output neuron is drawn in its class colour', async () => {
  const { page, errors } = await fx.open('#dataset=blobs&classes=3');
  for (let i = 0; i < 20; i++) await page.getByTestId('step').click();
  await page.waitForTimeout(100);
  // Class colours as the page defines them: orange, blue, green.
  const classes = [[245, 147, 34], [8, 119, 189], [46, 160, 67]];
  const neutral = [232, 234, 235];
  for (let j = 0; j < 3; j++) {
    // The pixel farthest from neutral shows which colour the neuron is painted in.
    const d = await neuronPixels(page, `neuron-2-${j}`);
    assert.ok(d.length > 400 && d.every((v, i) => i % 4 !== 3 || v === 255), 'the neuron is painted');
    let far = [0, 0, 0];
    let most = -1;
    for (let i = 0; i < d.length; i += 4) {
      const e = (d[i] - neutral[0]) ** 2 + (d[i + 1] - neutral[1]) ** 2 + (d[i + 2] - neutral[2]) ** 2;
      if (e > most) [most, far] = [e, [d[i], d[i + 1], d[i + 2]]];
    }
    const dir = far.map((v, i) => v - neutral[i]);
    const cos = classes.map((c) => {
      const e = c.map((v, i) => v - neutral[i]);
      const dot = e.reduce((s, v, i) => s + v * dir[i], 0);
      return dot / Math.hypot(...e) / Math.hypot(...dir);
    });
    assert.ok(Math.hypot(...dir) > 40, `output ${j} is coloured (${far})`);
    assert.equal(cos.indexOf(Math.max(...cos)), j, `output ${j} has its class colour (${far})`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

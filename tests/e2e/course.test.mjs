// End-to-end: the course on the page — a lesson, the walk-through with its numbers, the
// perceptron, the learning-rate finder, the charts, and a CSV file in and a model out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { setup, SHOTS, sigmoid, TEXTBOOK, waitForEpoch } from './fixture.mjs';

const fx = setup();

test('a lesson opens from the gallery with its caption and its views', async () => {
  const { page, errors } = await fx.open();
  await page.getByTestId('lessons-button').click();
  const gallery = page.getByTestId('lessons');
  await gallery.waitFor();
  assert.ok((await gallery.locator('.lesson-entry').count()) >= 12);
  await page.getByTestId('lesson-vanishing').click();
  const caption = page.getByTestId('lesson-text');
  await caption.waitFor();
  assert.match(await caption.textContent(), /Vanishing gradients/);
  assert.match(page.url(), /lesson=vanishing&.*layers=8,8,8,8,8,8,8,8/);
  assert.equal(await page.getByTestId('view-grad-norms').getAttribute('aria-pressed'), 'true');
  await page.getByTestId('grad-norms').waitFor();
  // Played, the gradient chart fills in.
  await page.getByTestId('play').click();
  await waitForEpoch(page, 20);
  await page.getByTestId('play').click();
  await page.waitForTimeout(400);
  const inked = await page.evaluate(() => {
    const c = document.querySelector('[data-testid=grad-norms]');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] < 600) n++;
    return n;
  });
  assert.ok(inked > 500, `the gradient chart is drawn (${inked} inked pixels)`);
  await page.getByTestId('lesson-next').click();
  await page.waitForFunction(() => location.hash.includes('lesson=overfitting'));
  assert.deepEqual(errors, []);
  await page.close();
});

test('the walk-through steps through the textbook example with the numbers a hand computation gives', async () => {
  const { page, errors } = await fx.open(`#${TEXTBOOK}`);
  // The lesson opens the walk-through itself.
  assert.equal(await page.getByTestId('walk').getAttribute('aria-pressed'), 'true');
  const text = page.getByTestId('walk-text');
  await text.waitFor();
  assert.match(await text.textContent(), /^The point goes in: x₁ = (-?\d+(?:\.\d+)?), x₂ = (-?\d+(?:\.\d+)?)\. Its target is t = ([01])\./);
  const [, x1, x2, t] = (await text.textContent()).match(/x₁ = (-?\d+(?:\.\d+)?), x₂ = (-?\d+(?:\.\d+)?)\. Its target is t = ([01])/).map(Number);
  // Step 2: the first hidden neuron's net input and output, with the weights on the page.
  await page.getByTestId('walk-next').click();
  const forward = await text.textContent();
  const m = forward.match(/net of h1\.1 = (-?\d+(?:\.\d+)?)·(-?\d+(?:\.\d+)?) \+ (-?\d+(?:\.\d+)?)·(-?\d+(?:\.\d+)?) = (-?\d+(?:\.\d+)?); out = σ\((-?\d+(?:\.\d+)?)\) = (-?\d+(?:\.\d+)?)/);
  assert.ok(m, forward);
  const [, w1, a1, w2, a2, net, , out] = m.map(Number);
  assert.ok(Math.abs(a1 - x1) < 1e-3 && Math.abs(a2 - x2) < 1e-3, 'the inputs are the point');
  assert.ok(Math.abs(w1 * a1 + w2 * a2 - net) < 2e-3, `net ${net} = ${w1}·${a1} + ${w2}·${a2}`);
  assert.ok(Math.abs(sigmoid(net) - out) < 2e-3, `σ(${net}) = ${out}`);
  // On to the output's δ: (o − t)·σ′(net), each factor on screen.
  for (let i = 0; i < 3; i++) await page.getByTestId('walk-next').click();
  const delta = await text.textContent();
  const d = delta.match(/\(o − t\) · σ′\(net\) = (-?\d+(?:\.\d+)?) · (-?\d+(?:\.\d+)?) = (-?\d+(?:\.\d+)?)/);
  assert.ok(d, delta);
  assert.ok(Math.abs(Number(d[1]) * Number(d[2]) - Number(d[3])) < 2e-3 * (1 + Math.abs(Number(d[3]))));
  const o = Number(d[1]) + t;
  assert.ok(Math.abs(Number(d[2]) - o * (1 - o)) < 2e-3, 'σ′ = o(1 − o)');
  // Back and forth, then the last step: the update, and taking it changes the weights.
  await page.getByTestId('walk-prev').click();
  assert.match(await text.textContent(), /The loss, squared error E = ½ Σ \(t − o\)²/);
  await page.keyboard.press('Escape');
  for (let i = 0; i < 10; i++) if (await page.getByTestId('walk-next').isEnabled()) await page.getByTestId('walk-next').click();
  assert.match(await text.textContent(), /^Update, every weight at once: w ← w − η·∂E\/∂w with η = 1\./);
  // Taking the step gives the network the updated weights and starts the walk again there.
  await page.getByTestId('walk-apply').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=walk-text]').textContent.startsWith('The point goes in'));
  await page.getByTestId('walk-next').click();
  assert.notEqual(await text.textContent(), forward, 'the first neuron now has the updated weights');
  await page.screenshot({ path: `${SHOTS}/walk.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('the perceptron converges on separable data and says it cycles on exclusive or', async () => {
  const { page, errors } = await fx.open('#lesson=perceptron&dataset=gauss&layers=&lr=0.1');
  await page.getByTestId('perceptron').waitFor();
  await page.getByTestId('perceptron-step').click();
  assert.match(await page.getByTestId('perceptron-update').textContent(), /^Point 1: /);
  for (let i = 0; i < 50; i++) {
    if ((await page.getByTestId('perceptron-verdict').textContent()).length > 0) break;
    await page.getByTestId('perceptron-pass').click();
  }
  assert.match(await page.getByTestId('perceptron-verdict').textContent(), /linearly separable/);
  await page.getByTestId('dataset-xor').click();
  for (let i = 0; i < 31; i++) await page.getByTestId('perceptron-pass').click();
  assert.match(await page.getByTestId('perceptron-verdict').textContent(), /keeps cycling/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the learning-rate finder plots the range test and its suggestion is one click away', async () => {
  const { page, errors } = await fx.open('#lesson=lr-finder&dataset=spiral&layers=8,8&optimizer=adam');
  await page.getByTestId('lr-finder').click();
  const suggested = Number(await page.getByTestId('lr-suggested').textContent());
  assert.ok(suggested > 1e-5 && suggested < 1, `${suggested}`);
  await page.getByTestId('lr-use').click();
  await page.waitForFunction((s) => location.hash.includes(`&lr=${s}&`), String(suggested));
  assert.deepEqual(errors, []);
  await page.close();
});

test('a CSV file comes in with its classes, a broken one is refused, and the model goes out', async () => {
  const dir = join(tmpdir(), `neuroplay-e2e-${process.pid}`);
  await mkdir(dir, { recursive: true });
  let csv = 'weight;height;kind\n';
  for (let i = 0; i < 80; i++) {
    const a = 50 + ((i * 37) % 100);
    const b = 1000 + ((i * 53) % 400);
    csv += `${a};${b};${(a - 100) * 4 + (b - 1200) > 0 ? 'tall' : 'short'}\n`;
  }
  await writeFile(join(dir, 'people.csv'), csv);
  await writeFile(join(dir, 'broken.csv'), 'x1,x2,label\n1,2,a\n3,oops,b\n');
  const { page, errors } = await fx.open();
  await page.getByTestId('import-csv').setInputFiles(join(dir, 'broken.csv'));
  await page.getByTestId('notice').waitFor();
  assert.match(await page.getByTestId('notice').textContent(), /broken\.csv was not loaded — line 3: 'oops' is not a number \(column x2\)/);
  assert.match(page.url(), /dataset=circle/, 'the previous data stays');
  await page.getByTestId('import-csv').setInputFiles(join(dir, 'people.csv'));
  await page.waitForFunction(() => location.hash.includes('dataset=custom'));
  assert.match(await page.getByTestId('notice').textContent(), /Loaded 80 points from people\.csv/);
  // The classes by their names, the axes in the file's units (weights 50 to 149).
  assert.deepEqual(await page.getByTestId('class-name').allTextContents(), ['short', 'tall']);
  const ticks = (await page.locator('.tick.x').allTextContents()).map(Number);
  assert.ok(ticks[0] < 60 && ticks[ticks.length - 1] > 140, `x ticks ${ticks}`);
  // It survives a reload: the browser kept it.
  await page.reload();
  await page.getByTestId('boundary').waitFor();
  assert.match(page.url(), /dataset=custom/);
  assert.equal(await page.getByTestId('notice').count(), 0, 'no complaint: the data was at hand');
  // The model out: weights JSON in the backprop layout, and a NumPy program.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-weights').click()]);
  const model = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(model.format, 'neuroplay-model');
  assert.deepEqual(model.data.classes, ['short', 'tall']);
  assert.equal(model.weights.length, 3);
  const [py] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-numpy').click()]);
  assert.match(await readFile(await py.path(), 'utf8'), /def predict\(x\):/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('play drives the perceptron: its line is the network’s own neuron, the weights and bias the diagram shows', async () => {
  const { page, errors } = await fx.open('#lesson=perceptron');
  await page.getByTestId('perceptron').waitFor();
  const line = async () => {
    const m = (await page.getByTestId('perceptron-line').textContent()).match(/^Line: (\S+)·x1 \+ (\S+)·x2 \+ (\S+) = 0$/);
    assert.ok(m, 'the line reads w1·x1 + w2·x2 + b = 0');
    return m.slice(1).map(Number);
  };
  // The diagram's numbers: the output neuron's two weights and its bias, as its tooltips say.
  const diagram = async () => {
    const out = [];
    for (const id of ['link-0-0-0', 'link-0-1-0']) {
      await page.getByTestId(id).focus();
      out.push(Number((await page.getByTestId('link-tooltip').textContent()).match(/^weight (-?\d+\.\d+)/)[1]));
    }
    await page.getByTestId('bias-0-0').focus();
    out.push(Number((await page.getByTestId('bias-tooltip').textContent()).match(/= (-?\d+\.\d+)/)[1]));
    return out;
  };
  // The line writes 4 figures, the tooltips 3 decimals.
  const close = (a, b) => Math.abs(a - b) <= 5e-4 + Math.abs(b) * 5e-4;
  const same = (a, b, what) => a.forEach((v, k) => assert.ok(close(v, b[k]), `${what}: ${a} against ${b}`));
  const start = await line();
  same(start, await diagram(), 'before play');
  await page.getByTestId('play').click();
  await waitForEpoch(page, 40);
  await page.getByTestId('play').click();
  await page.waitForTimeout(300);
  const played = await line();
  assert.notDeepEqual(played, start, 'play moved the line');
  assert.ok(played.some((v) => v !== 0), 'not the all-zero line');
  same(played, await diagram(), 'after play');
  // The neuron's figure writes the same numbers.
  for (const [k, id] of ['perceptron-w1', 'perceptron-w2', 'perceptron-b'].entries()) {
    assert.equal(Number((await page.getByTestId(id).textContent()).split('= ')[1]), played[k], id);
  }
  // Its line is drawn: dark pixels on the plot.
  const dark = await page.getByTestId('perceptron-plot').evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] < 150 && d[i + 3] > 200) n++;
    return n;
  });
  assert.ok(dark > 300, `the line is drawn (${dark} dark pixels)`);
  // Rosenblatt's rule steps the same neuron: the diagram follows it.
  await page.getByTestId('perceptron-restart').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=perceptron-line]').textContent === 'Line: 0·x1 + 0·x2 + 0 = 0');
  await page.getByTestId('perceptron-pass').click();
  // The figure is redrawn with the pictures, in the next frame.
  await page.waitForFunction(() => document.querySelector('[data-testid=perceptron-line]').textContent !== 'Line: 0·x1 + 0·x2 + 0 = 0');
  const stepped = await line();
  same(stepped, await diagram(), 'after a pass of the rule');
  assert.deepEqual(errors, []);
  await page.close();
});

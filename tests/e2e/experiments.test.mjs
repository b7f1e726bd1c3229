// End-to-end: the experiments a lecture runs — a comparison link trained side by side, a
// lesson that races learning rates on the loss surface, the surface of a two-weight
// network, and the learning curves read aloud.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { number, setup, waitForEpoch } from './fixture.mjs';

const fx = setup();

/** How many pixels of a canvas are within 12 of an RGB colour. */
function pixelsOf(page, testid, rgb) {
  return page.evaluate(
    ([testid, rgb]) => {
      const c = document.querySelector(`[data-testid="${testid}"]`);
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (Math.abs(d[i] - rgb[0]) < 12 && Math.abs(d[i + 1] - rgb[1]) < 12 && Math.abs(d[i + 2] - rgb[2]) < 12) n++;
      }
      return n;
    },
    [testid, rgb],
  );
}

// The runs' colours (state.rs RUN_COLOURS).
const RUN_COLOURS = [[31, 119, 180], [214, 39, 40], [44, 160, 44]];

test('a comparison link trains its runs side by side, from the same start, in lock-step', async () => {
  const link = '#dataset=spiral&layers=8,8&optimizer=sgd&lr=0.03&compare=optimizer:sgd,momentum,adam';
  const { page, errors } = await fx.open(link);
  await page.getByTestId('run-2').waitFor();
  assert.equal(await page.locator('.run-panel').count(), 3);
  assert.match(await page.getByTestId('chart-legend').textContent(), /^optimizer:/);
  for (const [k, name] of ['sgd', 'momentum', 'adam'].entries()) {
    assert.match(await page.getByTestId(`run-${k}-label`).textContent(), new RegExp(`^${k + 1} · optimizer=${name}$`));
    assert.equal(await page.getByTestId(`legend-${k}`).textContent(), `${k + 1} · ${name}`);
    assert.equal(await page.getByTestId(`legend-${k}`).getAttribute('title'), `run ${k + 1}: optimizer=${name}`);
  }
  // The same weights and the same data: the same loss before training.
  const before = await Promise.all([0, 1, 2].map((k) => page.getByTestId(`run-${k}-loss`).textContent()));
  assert.ok(before.every((l) => l === before[0] && Number.isFinite(Number(l))), before.join(' '));
  // …so no run is named the best: they tie.
  assert.equal(await page.getByTestId('curve-reading').textContent(), `Test loss at epoch 0: runs 1, 2 and 3 tie at ${before[0]}.`);
  await page.getByTestId('play').click();
  await waitForEpoch(page, 40);
  await page.getByTestId('play').click();
  await page.waitForTimeout(300);
  // Lock-step: every run at the playground's epoch.
  const epoch = number(await page.getByTestId('epoch').textContent());
  for (const k of [0, 1, 2]) assert.equal(await page.getByTestId(`run-${k}-status`).textContent(), `epoch ${epoch}`);
  const after = await Promise.all([0, 1, 2].map(async (k) => Number(await page.getByTestId(`run-${k}-loss`).textContent())));
  assert.ok(after.every(Number.isFinite) && new Set(after).size === 3, `three different runs: ${after}`);
  assert.ok(after[2] < after[0], `Adam ahead of plain SGD at epoch ${epoch}: ${after}`);
  // One loss chart holds every run's curve in its colour; each run's boundary is painted.
  for (const [k, rgb] of RUN_COLOURS.entries()) {
    assert.ok((await pixelsOf(page, 'loss-chart', rgb)) > 40, `run ${k}'s curve on the chart`);
  }
  const painted = await page.evaluate(() =>
    [...document.querySelectorAll('.run-boundary')].map((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      return d.filter((_, i) => i % 4 === 3 && d[i] === 255).length;
    }),
  );
  assert.deepEqual(painted, [10000, 10000, 10000], 'every run has its own boundary');
  // The playground shows run 1; a click shows Adam's run there, with its figures.
  assert.equal(await page.getByTestId('run-0-show').getAttribute('aria-pressed'), 'true');
  await page.getByTestId('run-2-show').click();
  assert.equal(await page.getByTestId('run-2-show').getAttribute('aria-pressed'), 'true');
  assert.equal(await page.getByTestId('loss-test').textContent(), await page.getByTestId('run-2-loss').textContent());
  assert.match(await page.getByTestId('output-hint').textContent(), /^Run 3 of 3 \(optimizer=adam\)/);
  assert.match(await page.getByTestId('curve-reading').textContent(), /^Lowest test loss at epoch \d+: run \d \(optimizer=\w+\)/);
  // Back to one run: the panels and the legend go.
  await page.getByTestId('compare-clear').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid=run-0]'));
  assert.equal(await page.getByTestId('chart-legend').count(), 0);
  assert.doesNotMatch(page.url(), /compare=/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a comparison typed on the page becomes the link; a bad one changes nothing and says why', async () => {
  const { page, errors } = await fx.open();
  const input = page.getByTestId('compare-input');
  await input.fill('lr:0.003,0.03,0.3');
  await input.press('Enter');
  await page.getByTestId('run-2').waitFor();
  assert.match(page.url(), /compare=lr:0\.003,0\.03,0\.3/);
  await input.fill('layers:2,4');
  await input.press('Enter');
  await page.getByTestId('notice').waitFor();
  assert.match(await page.getByTestId('notice').textContent(), /compare/);
  assert.match(page.url(), /compare=lr:0\.003,0\.03,0\.3/, 'the comparison stays');
  assert.equal(await page.locator('.run-panel').count(), 3);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the learning-rate lesson races three rates on the loss surface', async () => {
  const { page, errors } = await fx.open();
  await page.getByTestId('lessons-button').click();
  await page.getByTestId('lesson-learning-rate').click();
  await page.getByTestId('lesson-text').waitFor();
  assert.match(page.url(), /lesson=learning-rate&.*compare=lr:0\.003,0\.3,10/);
  const surface = page.getByTestId('loss-surface');
  await surface.waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid=surface-label]').textContent.startsWith('Slice:'), null, { timeout: 30000 });
  assert.match(await page.getByTestId('surface-label').textContent(), /random directions/);
  await page.getByTestId('speed').selectOption('5');
  await page.getByTestId('play').click();
  await waitForEpoch(page, 100);
  await page.getByTestId('play').click();
  await page.waitForTimeout(400);
  const [small, good, large] = await Promise.all([0, 1, 2].map(async (k) => Number(await page.getByTestId(`run-${k}-loss`).textContent())));
  assert.ok(good < small, `0.3 beats 0.003 after 100 epochs: ${good} vs ${small}`);
  const wild = await page.getByTestId('run-2-status').textContent();
  assert.ok(/^diverged/.test(wild) || large > good, `10 overshoots: ${wild}, ${large} vs ${good}`);
  // Every run's path is drawn on the surface in its colour.
  for (const [k, rgb] of RUN_COLOURS.slice(0, 2).entries()) {
    assert.ok((await pixelsOf(page, 'loss-surface', rgb)) > 30, `run ${k}'s path`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('a run that diverges drops out of a comparison and the others go on', async () => {
  const { page, errors } = await fx.open('#dataset=reg-plane&layers=8&activation=relu&optimizer=sgd&compare=lr:0.01,10');
  await page.getByTestId('run-1').waitFor();
  await page.getByTestId('play').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=run-1-status]').textContent.startsWith('diverged'), null, { timeout: 30000 });
  assert.match(await page.getByTestId('notice').textContent(), /Run 2 \(lr=10\) stopped at epoch \d+: .* The others go on/);
  const stopped = number(await page.getByTestId('epoch').textContent());
  await waitForEpoch(page, stopped + 20);
  assert.equal(await page.getByTestId('play').getAttribute('aria-label'), 'Pause training', 'still training');
  await page.getByTestId('play').click();
  assert.match(await page.getByTestId('run-0-status').textContent(), /^epoch \d+$/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the surface of a two-weight network is its two weights, and any network can be sliced along two of its weights', async () => {
  const { page, errors } = await fx.open('#dataset=gauss&layers=&bias=off&optimizer=sgd&lr=0.1');
  await page.getByTestId('view-loss-surface').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=surface-label]')?.textContent.startsWith('Slice:'), null, { timeout: 30000 });
  assert.match(await page.getByTestId('surface-label').textContent(), /the network's only two weights/);
  await page.getByTestId('play').click();
  await waitForEpoch(page, 30);
  await page.getByTestId('play').click();
  assert.ok((await pixelsOf(page, 'loss-surface', RUN_COLOURS[0])) > 30, 'the path');
  // The default network, sliced along two chosen weights.
  await page.goto('about:blank');
  await page.goto(fx.url + '#dataset=circle');
  await page.getByTestId('view-loss-surface').click();
  await page.getByTestId('surface-slice').selectOption('weights');
  await page.getByTestId('surface-axis-2').selectOption({ index: 3 });
  // The label names the chosen weight once the slice along it is computed.
  await page.waitForFunction(() => document.querySelector('[data-testid=surface-label]')?.textContent.includes('h1.4 up'), null, { timeout: 30000 });
  assert.match(await page.getByTestId('surface-label').textContent(), /Slice: two weights, x₁ → h1\.1 across and x₁ → h1\.4 up/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the loss chart reads the curves aloud, on the validation loss when there is one', async () => {
  const { page, errors } = await fx.open('#dataset=circle&noise=40&points=300&train=30&val=20&layers=16,16,16&optimizer=adam&lr=0.03');
  assert.match(await page.getByTestId('curve-reading').textContent(), /^Too early to tell/);
  await page.getByTestId('speed').selectOption('25');
  await page.getByTestId('play').click();
  await waitForEpoch(page, 400);
  await page.getByTestId('play').click();
  await page.waitForTimeout(300);
  const reading = await page.getByTestId('curve-reading').textContent();
  assert.match(reading, /^(Overfitting since epoch \d+: the validation loss rises|Still improving|Converged: .* the validation loss)/);
  assert.ok((await pixelsOf(page, 'loss-chart', [46, 160, 67])) > 40, 'the validation curve');
  assert.deepEqual(errors, []);
  await page.close();
});

test('batch normalization compared: the other run shown, the loss surface open, the page stays alive and draws that run', async () => {
  const { page, errors } = await fx.open('#dataset=circle&layers=4,4&batch=10&compare=batchnorm:off,on');
  await page.getByTestId('view-loss-surface').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=surface-label]')?.textContent.startsWith('Slice:'), null, { timeout: 30000 });
  await page.getByTestId('play').click();
  await waitForEpoch(page, 10);
  await page.getByTestId('run-1-show').click();
  assert.match(await page.getByTestId('output-hint').textContent(), /^Run 2 of 2 \(batchnorm=on\)/);
  await page.getByTestId('bn-0').waitFor();
  // The surface is now run 2's: a slice of its own network, computed while it trains.
  await page.waitForFunction(() => document.querySelector('[data-testid=surface-label]')?.textContent.includes("run 2's mean loss"), null, { timeout: 30000 });
  const epoch = number(await page.getByTestId('epoch').textContent());
  await waitForEpoch(page, epoch + 10);
  await page.getByTestId('play').click();
  assert.ok((await pixelsOf(page, 'loss-surface', RUN_COLOURS[1])) > 30, "run 2's path");
  assert.deepEqual(errors, []);
  await page.close();
});

test('the walk-through follows a change of the network: walked again, and its step taken on the new one', async () => {
  const { page, errors } = await fx.open('#dataset=xor&layers=2');
  await page.getByTestId('walk').click();
  await page.getByTestId('walk-text').waitFor();
  await page.getByTestId('layer-0-add').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid^=neuron-0-]').length === 3);
  await page.getByTestId('walk-next').click();
  assert.equal(await page.locator('.walk-numbers tbody tr').count(), 3, 'the walk knows the new neuron');
  const before = await page.getByTestId('loss-train').textContent();
  await page.getByTestId('walk-apply').click();
  await page.waitForFunction((b) => document.querySelector('[data-testid=loss-train]').textContent !== b, before);
  assert.deepEqual(errors, []);
  await page.close();
});

// End-to-end: the page tells the truth about a run — the line under the chart reads the
// curves right, and a run that breaks down pauses and says why, with its one-click fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { epoch, setup, waitForEpoch } from './fixture.mjs';

const fx = setup();

const reading = (page) => page.getByTestId('curve-reading').textContent();
const paused = (page) => page.waitForFunction(() => document.querySelector('[data-testid=play]').getAttribute('aria-pressed') === 'false', null, { timeout: 30000 });

test('a network without biases on the circle reads "cannot learn", not "overfitting"', async () => {
  const { page, errors } = await fx.open('#lesson=bias&dataset=circle&layers=6&activation=tanh&bias=off&optimizer=adam&lr=0.03&until=300&play=1');
  await waitForEpoch(page, 300);
  await paused(page);
  await page.waitForFunction(() => document.querySelector('[data-testid=curve-reading]')?.textContent.startsWith('Cannot learn'), null, { timeout: 5000 }).catch(() => {});
  assert.match(await reading(page), /^Cannot learn/);
  assert.deepEqual(errors, []);
});

test('Adam at rate 3 on the circle is stopped as unstable, and one click divides the rate by 10 and resets', async () => {
  const { page, errors } = await fx.open('#dataset=circle&layers=4,2&optimizer=adam&lr=3&play=1');
  await page.getByTestId('notice-lower-rate').waitFor({ timeout: 30000 });
  assert.match(await page.getByTestId('notice').textContent(), /Training stopped at epoch \d+: the loss swings and grows.*The learning rate \(3\) is too high for adam/);
  await page.waitForFunction(() => /^(Unstable|Diverged)/.test(document.querySelector('[data-testid=curve-reading]')?.textContent), null, { timeout: 5000 }).catch(() => {});
  assert.match(await reading(page), /^(Unstable|Diverged)/);
  await page.getByTestId('notice-lower-rate').click();
  await page.waitForFunction(() => location.hash.includes('lr=0.3'));
  assert.equal(await epoch(page), 0, 'a fresh start');
  assert.equal(await page.getByTestId('notice').count(), 0);
  assert.deepEqual(errors, []);
});

test("the walk-through's textbook example is the course's, and puts the slide's w5 right", async () => {
  const { page, errors } = await fx.open();
  await page.getByTestId('walk').click();
  await page.getByTestId('walk-textbook').click();
  await page.waitForFunction(() => location.hash.includes('typed='));
  const text = page.getByTestId('walk-text');
  for (let i = 0; i < 5; i++) await page.getByTestId('walk-next').click();
  const w5 = await text.textContent();
  assert.match(w5, /For h1\.1 → output 1: 0\.5065 · 0\.1192 = 0\.0603\d/, 'the right factor, out_h1');
  assert.match(w5, /not the weight itself \(0\.35\)/);
  assert.match(w5, /w → 0\.3083; the right update is 0\.2896/, "the slide's 0.31 against 0.2896");
  for (let i = 0; i < 3; i++) await page.getByTestId('walk-next').click();
  assert.match(await text.textContent(), /for h1\.1 → output 1: 0\.35 − 1·0\.0603\d = 0\.2896\.$/);
  // The example and its weights survive in the link.
  const link = page.url();
  const again = await fx.open(link.slice(link.indexOf('#')));
  await again.page.getByTestId('walk-text').waitFor();
  assert.match(await again.page.getByTestId('walk-text').textContent(), /0\.2896\.$/, 'reopened at the update step');
  assert.deepEqual(errors, []);
  assert.deepEqual(again.errors, []);
});

test('early stopping keeps the curve after the best epoch and marks the stop and the weights restored', async () => {
  const { page, errors } = await fx.open('#dataset=gauss&noise=50&train=10&layers=16,16&optimizer=adam&lr=0.03&patience=5&play=1');
  await page.getByTestId('notice').filter({ hasText: 'Early stopping' }).waitFor({ timeout: 30000 });
  assert.match(await page.getByTestId('notice').textContent(), /the test loss stopped improving, so the weights of epoch \d+ are back/);
  // The line under the chart is redrawn at most 20 times a second: wait for it.
  await page.waitForFunction(() => document.querySelector('[data-testid=curve-reading]')?.textContent.startsWith('Stopped early'));
  const m = (await reading(page)).match(/^Stopped early at epoch (\d+): the test loss had not improved since epoch (\d+), so the weights of epoch \2 are back/);
  assert.ok(m, await reading(page));
  const [stop, best] = [Number(m[1]), Number(m[2])];
  assert.ok(stop > best, `stopped at ${stop}, after the best ${best}`);
  assert.equal(await epoch(page), best, 'the figures are the restored epoch’s');
  // The curve still holds the epochs that justified stopping: the readout at the right edge.
  const chart = page.getByTestId('loss-chart');
  const box = await chart.boundingBox();
  await page.mouse.move(box.x + box.width * 0.97, box.y + box.height / 2);
  const readout = await page.getByTestId('chart-readout').textContent();
  assert.equal(Number(readout.match(/^epoch (\d+)/)?.[1]), stop, readout);
  assert.deepEqual(errors, []);
});

test('runs trained on different losses are ranked by accuracy, never by their losses', async () => {
  const { page, errors } = await fx.open('#dataset=spiral&layers=8&optimizer=adam&lr=0.01&compare=loss:mse,xent&until=30&play=1');
  await waitForEpoch(page, 30);
  await paused(page);
  await page.waitForFunction(() => document.querySelector('[data-testid=curve-reading]')?.textContent.startsWith('Highest'), null, { timeout: 5000 }).catch(() => {});
  const text = await reading(page);
  assert.match(text, /^Highest test accuracy at epoch 30: run \d \(loss=(mse|xent)\), \d+\.\d%\. The runs' losses are each their own/);
  assert.doesNotMatch(text, /Lowest/);
  assert.deepEqual(errors, []);
});

test("the overfitting lesson's run without regularisation reads as overfitting", async () => {
  // The lesson's first run alone: no penalty, no dropout.
  const { page, errors } = await fx.open('#lesson=overfitting&dataset=circle&noise=40&points=300&train=30&val=20&layers=16,16,16&optimizer=adam&lr=0.01&until=200&play=1');
  await waitForEpoch(page, 200);
  await paused(page);
  await page.waitForFunction(() => document.querySelector('[data-testid=curve-reading]')?.textContent.startsWith('Overfitting'), null, { timeout: 5000 }).catch(() => {});
  assert.match(await reading(page), /^Overfitting since epoch \d+: the validation loss rises while the training loss falls/);
  assert.deepEqual(errors, []);
});

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
  assert.match(await reading(page), /^Cannot learn/);
  assert.deepEqual(errors, []);
});

test('Adam at rate 3 on the circle is stopped as unstable, and one click divides the rate by 10 and resets', async () => {
  const { page, errors } = await fx.open('#dataset=circle&layers=4,2&optimizer=adam&lr=3&play=1');
  await page.getByTestId('notice-lower-rate').waitFor({ timeout: 30000 });
  assert.match(await page.getByTestId('notice').textContent(), /Training stopped at epoch \d+: the loss swings and grows.*The learning rate \(3\) is too high for adam/);
  assert.match(await reading(page), /^(Unstable|Diverged)/);
  await page.getByTestId('notice-lower-rate').click();
  await page.waitForFunction(() => location.hash.includes('lr=0.3'));
  assert.equal(await epoch(page), 0, 'a fresh start');
  assert.equal(await page.getByTestId('notice').count(), 0);
  assert.deepEqual(errors, []);
});

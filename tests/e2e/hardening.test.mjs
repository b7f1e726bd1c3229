// End-to-end: the page's Content-Security-Policy and what a panic leaves on screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './fixture.mjs';

const fx = setup();

test('the Content-Security-Policy blocks requests and scripts from anywhere but the page itself', async () => {
  const { page, errors } = await fx.open();
  await page.getByTestId('boundary').waitFor();
  const policy = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? '');
  assert.match(policy, /default-src 'self'/);
  assert.match(policy, /connect-src 'self'/);
  assert.doesNotMatch(policy, /\*|https?:/, 'no other origin is named');
  // A request to another origin (a loopback address: nothing leaves the machine) and an
  // injected inline script are both refused, and the browser says why.
  const outcome = await page.evaluate(async () => {
    const seen = [];
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
    const fetched = await fetch('http://127.0.0.2:9/probe').then(
      () => 'loaded',
      () => 'blocked',
    );
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true';
    document.body.append(s);
    await new Promise((r) => setTimeout(r, 100));
    return { fetched, injected: window.__injected === true, seen };
  });
  assert.equal(outcome.fetched, 'blocked');
  assert.equal(outcome.injected, false);
  assert.ok(outcome.seen.some((v) => v.startsWith('connect-src http://127.0.0.2:9')), JSON.stringify(outcome.seen));
  assert.ok(outcome.seen.some((v) => v.startsWith('script-src')), JSON.stringify(outcome.seen));
  // The page itself broke no rule before the probes.
  assert.deepEqual(errors.filter((e) => !e.includes('Content Security Policy') && !e.includes('127.0.0.2')), []);
  await page.close();
});

test('a panic shows what happened and a reload that keeps the settings', async () => {
  const { page } = await fx.open('#dataset=spiral&layers=5,3&lr=0.01');
  await page.getByTestId('boundary').waitFor();
  await page.evaluate(() => {
    try {
      window.neuroplayPanicForTests();
    } catch {
      // The module stops: an exception reaches the caller.
    }
  });
  const overlay = page.getByTestId('panic-overlay');
  await overlay.waitFor();
  assert.match(await overlay.textContent(), /Something went wrong/);
  assert.match(await overlay.textContent(), /a test asked the page to fail/);
  const href = await page.getByTestId('panic-reload').getAttribute('href');
  assert.match(href, /^\/\?reload=\d+#dataset=spiral&.*layers=5,3/);
  // Following it brings the page back with the same setup.
  await page.getByTestId('panic-reload').click();
  await page.waitForURL(/reload=/);
  await page.getByTestId('boundary').waitFor();
  assert.match(page.url(), /layers=5,3/);
  assert.equal(await page.getByTestId('panic-overlay').count(), 0);
  assert.equal(await page.locator('.neuron:not(.feature)').count() >= 9, true, 'the 5,3 network is back');
  await page.close();
});

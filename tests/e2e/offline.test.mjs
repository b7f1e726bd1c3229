// End-to-end: after the first visit the page loads and trains with no network (a service
// worker keeps the build's files), it can be installed (a web app manifest), and its
// Content-Security-Policy still holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { epoch, setup } from './fixture.mjs';

const fx = setup();

test('the page loads and trains offline after a first visit', async () => {
  const context = await fx.browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${fx.url}#layers=3`);
  await page.getByTestId('boundary').waitFor();
  // The worker has installed and cached the page and every file it names.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(async () => {
    const keys = await caches.keys();
    if (keys.length === 0) return false;
    const names = (await (await caches.open(keys[0])).keys()).map((r) => r.url);
    return names.some((u) => u.endsWith('.wasm')) && names.some((u) => u.endsWith('.js'));
  });
  const manifest = await page.evaluate(async () => (await fetch(document.querySelector('link[rel=manifest]').href)).json());
  assert.equal(manifest.short_name, 'Neuroplay');
  await context.setOffline(true);
  await page.reload();
  await page.getByTestId('boundary').waitFor();
  await page.getByTestId('play').click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=epoch]').textContent.replaceAll(',', '')) >= 5);
  assert.ok((await epoch(page)) >= 5, 'it trains with no network');
  const policy = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? '');
  assert.match(policy, /default-src 'self'/, 'the policy came with the cached page');
  assert.deepEqual(errors, []);
  await context.close();
});

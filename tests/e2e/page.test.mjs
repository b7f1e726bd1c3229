// End-to-end: the release build in dist/, served locally, in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { serve } from './serve.mjs';
import { launch, openPage } from './browser.mjs';

const DIST = process.env.DIST ?? 'dist';
const SHOTS = process.env.SHOTS ?? 'target/e2e';
let server;
let browser;

before(async () => {
  server = await serve(DIST);
  browser = await launch();
  await mkdir(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the page loads, runs the engine in WebAssembly and logs no error', async () => {
  const { page, errors } = await openPage(browser, server.url);
  const status = page.getByTestId('engine-status');
  await status.filter({ hasText: 'Engine check' }).waitFor({ timeout: 15000 });
  const text = await status.textContent();
  assert.match(text, /^Engine check: 100 epochs on 'circle', test loss \d+\.\d+, test accuracy \d+%$/);
  assert.equal(await page.title(), 'Neuroplay — a neural-network playground');
  await page.screenshot({ path: `${SHOTS}/shell.png` });
  assert.deepEqual(errors, []);
  await page.close();
});

test('the shipped WebAssembly is served with its MIME type', async () => {
  const html = await (await fetch(server.url)).text();
  const wasm = html.match(/href="\/?([^"]+_bg\.wasm)"/)?.[1];
  assert.ok(wasm, 'index.html preloads the wasm module');
  const res = await fetch(server.url + wasm);
  assert.equal(res.headers.get('content-type'), 'application/wasm');
  const bytes = new Uint8Array(await res.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 4)], [0x00, 0x61, 0x73, 0x6d]);
});

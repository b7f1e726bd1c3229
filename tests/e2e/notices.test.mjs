// End-to-end: notices that help and nothing misread — the newest notice only, a value
// echoed back cut short, a bad link in the same tab said as on a fresh load, the seed box
// after a refusal, a comparison's controls showing run 1's values, data in its own units.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './fixture.mjs';

const fx = setup();
const notice = (page) => page.getByTestId('notice').textContent();
/** The notice once it speaks of `what` (a file is read after the click returns). */
const noticeOf = async (page, what) => {
  const n = page.getByTestId('notice').filter({ hasText: what });
  await n.waitFor();
  return n.textContent();
};

test('a valid comparison clears the complaint about a refused one', async () => {
  const { page, errors } = await fx.open('#layers=3');
  const box = page.locator('#ctl-compare');
  await box.fill('colour:red,blue');
  await box.press('Enter');
  assert.match(await notice(page), /'colour' is not a setting/);
  await box.fill('lr:0.01,0.3');
  await box.press('Enter');
  await page.waitForFunction(() => location.hash.includes('compare=lr'));
  assert.equal(await page.getByTestId('notice').count(), 0, 'the old complaint is gone');
  assert.equal(await page.getByTestId('learning-rate').inputValue(), '0.01', "the bar shows run 1's rate");
  assert.deepEqual(errors, []);
});

test('a bad link pasted into the same tab says so, and a 100 KB value is echoed cut short', async () => {
  const { page, errors } = await fx.open('#layers=3');
  await page.getByTestId('boundary').waitFor();
  await page.evaluate(() => { location.hash = 'lr=abc'; });
  await page.getByTestId('notice').waitFor();
  assert.match(await notice(page), /lr: 'abc' is not a number/);
  assert.doesNotMatch(page.url(), /lr=abc/, 'the address bar holds the setup in use again');
  await page.evaluate(() => { location.hash = `noise=${'7'.repeat(100000)}`; });
  await page.waitForFunction(() => document.querySelector('[data-testid=notice]')?.textContent.includes('777'));
  const text = await notice(page);
  assert.ok(text.length < 400, `${text.length} characters`);
  assert.match(text, /'7{60}…'/);
  const close = await page.locator('.notice button[aria-label=Dismiss]').boundingBox();
  assert.ok(close && close.x + close.width <= 1280, 'its × is on screen');
  assert.deepEqual(errors, []);
});

test('after a refused seed the seed box shows the seed in use', async () => {
  const { page } = await fx.open('#layers=3&seed=5');
  await page.getByTestId('more-settings').click().catch(() => {});
  const seed = page.getByTestId('seed');
  await seed.fill('-4');
  await seed.press('Enter');
  await seed.blur();
  await page.getByTestId('notice').waitFor();
  assert.equal(await seed.inputValue(), '5');
});

test('on a phone the datasets are named, not only drawn', async () => {
  const page = await fx.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.goto(`${fx.url}#layers=3`);
  const name = page.getByTestId('dataset-gauss').locator('.dataset-name');
  await name.scrollIntoViewIfNeeded();
  assert.ok(await name.isVisible());
  assert.equal((await name.textContent()).trim(), 'gauss');
  await page.close();
});

test("imported data gets round ticks in its own units, none overlapping", async () => {
  const { page, errors } = await fx.open('#layers=3');
  const rows = ['x,y,label'];
  for (let i = 0; i < 60; i++) rows.push(`${(-5.6 + (0.3 * i) / 59).toFixed(4)},${(0.00012 + (0.00149 * ((i * 7) % 60)) / 59).toFixed(6)},${i % 2}`);
  await page.getByTestId('import-csv').setInputFiles({ name: 'small.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
  await page.waitForFunction(() => location.hash.includes('dataset=custom'));
  const ticks = await page.locator('.tick').evaluateAll((els) => els.map((e) => ({ text: e.textContent, r: e.getBoundingClientRect().toJSON(), axis: e.classList.contains('x') ? 'x' : 'y' })));
  assert.ok(ticks.length >= 4, JSON.stringify(ticks));
  for (const t of ticks) assert.match(t.text, /^-?\d+(\.\d+)?$/, t.text);
  assert.ok(ticks.some((t) => t.text === '0.0010'), ticks.map((t) => t.text).join(' '));
  for (const a of ticks) {
    for (const b of ticks) {
      if (a === b || a.axis !== b.axis) continue;
      const apart = a.r.right <= b.r.left || b.r.right <= a.r.left || a.r.bottom <= b.r.top || b.r.bottom <= a.r.top;
      assert.ok(apart, `${a.text} and ${b.text} overlap`);
    }
  }
  assert.deepEqual(errors, []);
});

test("a model that does not fit offers to switch to the model's own settings", async () => {
  const saved = await fx.open('#layers=2&activation=relu&seed=3');
  const [download] = await Promise.all([saved.page.waitForEvent('download'), saved.page.getByTestId('download-weights').click()]);
  const json = await (await download.createReadStream()).toArray();
  const { page, errors } = await fx.open('#layers=5,5');
  await page.getByTestId('load-weights').setInputFiles({ name: 'model.json', mimeType: 'application/json', buffer: Buffer.concat(json) });
  await page.getByTestId('notice-use-model').waitFor();
  assert.match(await noticeOf(page, 'model.json'), /model\.json does not fit this network/);
  await page.getByTestId('notice-use-model').click();
  await page.waitForFunction(() => location.hash.includes('layers=2&') && location.hash.includes('activation=relu'));
  assert.match(await notice(page), /Loaded the weights of model\.json/);
  assert.deepEqual(errors, []);
  assert.deepEqual(saved.errors, []);
});

test('regression shows no empty confusion matrix', async () => {
  const { page, errors } = await fx.open('#dataset=reg-plane&layers=3');
  await page.getByTestId('boundary').waitFor();
  assert.equal(await page.getByTestId('confusion-panel').count(), 0);
  const classes = await fx.open('#dataset=circle&layers=3');
  await classes.page.getByTestId('confusion-panel').waitFor({ state: 'attached' });
  assert.deepEqual(errors, []);
});

test('files are read alike on the page and the command line: encodings, labels, weights beyond ±100', async () => {
  const { page, errors } = await fx.open('#layers=3');
  const csv = page.getByTestId('import-csv');
  const rows = (label) => Array.from({ length: 30 }, (_, i) => `${i / 10},${(i * 7) % 13},${label(i)}`).join('\n');
  // Latin-1: refused, naming the line, saying what to do.
  const latin1 = Buffer.from(`x,y,label\n${rows((i) => (i % 2 ? 'oui' : 'non'))}\n1,2,caf\xe9\n`, 'latin1');
  await csv.setInputFiles({ name: 'latin1.csv', mimeType: 'text/csv', buffer: latin1 });
  assert.match(await noticeOf(page, 'latin1.csv'), /latin1\.csv was not loaded — line 32: .*save the file as UTF-8/);
  // UTF-16 with its mark: read.
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`x,y,label\n${rows((i) => i % 2)}\n`, 'utf16le')]);
  await csv.setInputFiles({ name: 'utf16.csv', mimeType: 'text/csv', buffer: utf16 });
  assert.match(await noticeOf(page, 'utf16.csv'), /Loaded 30 points from utf16\.csv/);
  // A NaN label is refused with its line; seven whole-number labels are said to be regression.
  await csv.setInputFiles({ name: 'nan.csv', mimeType: 'text/csv', buffer: Buffer.from(`${rows((i) => i % 2)}\n1,1,NaN\n`) });
  assert.match(await noticeOf(page, 'nan.csv'), /nan\.csv was not loaded — line 31/);
  await csv.setInputFiles({ name: 'seven.csv', mimeType: 'text/csv', buffer: Buffer.from(rows((i) => i % 7)) });
  assert.match(await noticeOf(page, 'seven.csv'), /7 different whole-number labels: read as regression \(at most 6 classes\)/);
  // Weights beyond what typing allows are refused in a file too.
  await page.getByTestId('load-weights').setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: Buffer.from('[[[500,1,1]],[[1]]]') });
  assert.match(await noticeOf(page, 'big.json'), /big\.json was not loaded — .*beyond ±100/);
  assert.deepEqual(errors, []);
});

test('a huge loss is written 1.2e16, and a phone stays 390 px wide', async () => {
  // Every weight and bias of a small ReLU network typed at 100: the loss is astronomical.
  const typed = Array.from({ length: 37 }, (_, i) => `${i}:100`).join(',');
  const page = await fx.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.goto(`${fx.url}#dataset=reg-plane&layers=4,4&activation=relu&typed=${typed}`);
  const loss = page.getByTestId('loss-test');
  await loss.waitFor();
  await page.waitForFunction(() => /e\d+$/.test(document.querySelector('[data-testid=loss-test]').textContent));
  assert.match(await loss.textContent(), /^\d\.\de\d+$/);
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390, 'no panel widened the page');
  await page.close();
});

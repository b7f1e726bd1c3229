// End-to-end: a lecture moves — lessons stepped from the keyboard, a link that starts
// training or stops at an epoch, shortcuts after a control was used, a pasted link's views.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { epoch, setup } from './fixture.mjs';

const fx = setup();
const lessonOf = (page) => page.evaluate(() => new URLSearchParams(location.hash.slice(1)).get('lesson'));

test('PageDown and PageUp step through the lessons, each with its whole setup and views', async () => {
  const { page, errors } = await fx.open(`#lesson=bias`);
  await page.getByTestId('lesson-text').waitFor();
  assert.match(await page.getByTestId('lesson-text').textContent(), /bias/i, 'the id alone opens the lesson');
  await page.keyboard.press('PageDown');
  await page.waitForFunction(() => location.hash.includes('lesson=activations'));
  await page.keyboard.press('PageUp');
  await page.waitForFunction(() => location.hash.includes('lesson=bias'));
  await page.keyboard.press('n');
  await page.waitForFunction(() => !location.hash.includes('lesson=bias'));
  assert.equal(await lessonOf(page), 'activations');
  assert.deepEqual(errors, []);
});

test('a link with play=1 trains with no click, and until=50 stops at epoch 50', async () => {
  const { page, errors } = await fx.open(`#layers=3&play=1&until=50`);
  await page.waitForFunction(() => document.querySelector('[data-testid=play]').getAttribute('aria-pressed') === 'false' &&
    Number(document.querySelector('[data-testid=epoch]').textContent.replaceAll(',', '')) > 0, null, { timeout: 20000 });
  assert.equal(await epoch(page), 50);
  assert.match(await page.getByTestId('notice').textContent(), /epoch 50/);
  assert.equal(await page.getByTestId('until').inputValue(), '50', 'the training bar shows where it pauses');
  assert.deepEqual(errors, []);
});

test('the pause-at control stops a run that was started by hand', async () => {
  const { page } = await fx.open(`#layers=3`);
  await page.getByTestId('until').selectOption('100');
  await page.getByTestId('play').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=play]').getAttribute('aria-pressed') === 'false' &&
    Number(document.querySelector('[data-testid=epoch]').textContent.replaceAll(',', '')) > 0, null, { timeout: 20000 });
  assert.equal(await epoch(page), 100);
  assert.match(page.url(), /until=100/);
});

test('shortcuts work after a drop-down was used, but not while typing', async () => {
  const { page } = await fx.open(`#layers=3`);
  const rate = page.getByTestId('learning-rate');
  await rate.focus();
  await rate.selectOption('0.1');
  await page.waitForFunction(() => location.hash.includes('lr=0.1'));
  // The drop-down still has the focus.
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'SELECT');
  await page.keyboard.press('p');
  await page.waitForSelector('.app.presentation');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=epoch]').textContent.replaceAll(',', '')) > 2);
  await page.keyboard.press('Space');
  const stopped = await epoch(page);
  await page.waitForTimeout(300);
  assert.equal(await epoch(page), stopped, 'Space paused it again');
});

test('a lesson link pasted into the same tab opens its views too', async () => {
  const { page, errors } = await fx.open(`#layers=3`);
  await page.getByTestId('boundary').waitFor();
  await page.evaluate(() => { location.hash = 'lesson=backprop'; });
  await page.getByTestId('walk-text').waitFor({ timeout: 10000 });
  assert.equal(await page.getByTestId('walk').getAttribute('aria-pressed'), 'true');
  assert.deepEqual(errors, []);
});

const pointCount = async (page) => Number((await page.getByTestId('point-count').textContent()).match(/^(\d+) training/)[1]);

test('after a clicked point and a typed weight, the shared link reopens to the same points and weight', async () => {
  const { page, errors } = await fx.open('#layers=2&points=500');
  const plot = page.getByTestId('data-plot');
  await plot.scrollIntoViewIfNeeded();
  const before = await pointCount(page);
  const r = await plot.boundingBox();
  for (const [fx1, fy] of [[0.1, 0.1], [0.85, 0.2], [0.3, 0.9], [0.6, 0.6], [0.2, 0.5], [0.9, 0.9]]) {
    await page.mouse.click(r.x + r.width * fx1, r.y + r.height * fy);
  }
  await page.waitForFunction((n) => document.querySelector('[data-testid=point-count]').textContent.startsWith(`${n} `), before + 6);
  await page.getByTestId('link-0-1-0').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('weight-edit').waitFor();
  await page.keyboard.type('3.25');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.hash.includes('typed='));
  await page.getByTestId('share').click();
  assert.match(await page.getByTestId('notice').textContent(), /1 typed weight and 6 points added or removed/);
  const link = page.url();
  const again = await fx.open(link.slice(link.indexOf('#')));
  await again.page.getByTestId('point-count').waitFor();
  assert.equal(await pointCount(again.page), before + 6, 'the points the student added');
  await again.page.getByTestId('link-0-1-0').focus();
  await again.page.keyboard.press('Enter');
  assert.equal(Number(await again.page.getByTestId('weight-edit').inputValue()), 3.25, 'and the weight typed');
  assert.deepEqual(errors, []);
  assert.deepEqual(again.errors, []);
});

test('the discretized plot is in the link: the linear lesson opens with it, and Share keeps a student\'s choice', async () => {
  const { page, errors } = await fx.open('#lesson=linear');
  await page.getByTestId('boundary').waitFor();
  assert.equal(await page.getByTestId('discretize').isChecked(), true, 'the lesson shows its straight line sharp');
  // Stepped to from the caption's buttons too, and not kept by the next lesson.
  await page.getByTestId('lesson-next').click();
  await page.waitForFunction(() => location.hash.includes('lesson=bias'));
  assert.equal(await page.getByTestId('discretize').isChecked(), false, 'the bias lesson does not ask for it');
  await page.getByTestId('lesson-prev').click();
  await page.waitForFunction(() => location.hash.includes('lesson=linear'));
  assert.equal(await page.getByTestId('discretize').isChecked(), true, 'back at the linear lesson');
  await page.close();
  const plain = await fx.open('#layers=2');
  await plain.page.getByTestId('discretize').check();
  await plain.page.getByTestId('share').click();
  assert.match(await plain.page.getByTestId('notice').textContent(), /the discretized plot/);
  const link = plain.page.url();
  assert.match(link, /discretize=1/);
  const again = await fx.open(link.slice(link.indexOf('#')));
  await again.page.getByTestId('boundary').waitFor();
  assert.equal(await again.page.getByTestId('discretize').isChecked(), true);
  for (const e of [errors, plain.errors, again.errors]) assert.deepEqual(e, []);
  await plain.page.close();
  await again.page.close();
});

test('embed=1 shows the stage alone: no header, no settings, the network and its output', async () => {
  const { page, errors } = await fx.open('#lesson=bias&embed=1');
  await page.getByTestId('boundary').waitFor();
  assert.equal(await page.locator('header.top').isVisible(), false, 'no header');
  assert.equal(await page.getByTestId('learning-rate').isVisible(), false, 'no settings');
  assert.equal(await page.locator('.data-panel').isVisible(), false, 'no data panel');
  assert.ok(await page.getByTestId('play').isVisible(), 'play stays');
  assert.ok(await page.getByTestId('lesson-caption').isVisible(), 'the caption stays');
  assert.ok(await page.locator('.neuron:not(.feature)').first().isVisible(), 'the network');
  assert.deepEqual(errors, []);
});

test('a lesson written in the link shows like a built-in one, its text as text', async () => {
  const text = (s) => encodeURIComponent(s);
  const hash = `#dataset=xor&layers=4&title=${text('XOR <script>window.__pwned = 1</script>')}&explain=${text('Two lines & one <b>bend</b>.')}&try=${text('Add a layer')}&ask=${text('Why 4?')}`;
  const { page, errors } = await fx.open(hash);
  const caption = page.getByTestId('lesson-caption');
  await caption.waitFor();
  assert.match(await caption.locator('h2').textContent(), /XOR <script>window.__pwned = 1<\/script>/);
  assert.match(await caption.textContent(), /Two lines & one <b>bend<\/b>\./);
  assert.match(await caption.textContent(), /Try: Add a layer/);
  assert.match(await caption.textContent(), /Ask the class: Why 4\?/);
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'nothing ran');
  assert.equal(await caption.locator('script, h2 *, .lesson-explain *').count(), 0, 'no element was made from the text');
  assert.deepEqual(errors, []);
});

test('a two-entry lecture file opens by the picker and steps with n', async () => {
  const { page, errors } = await fx.open('#layers=3');
  const lecture = [
    '# Tuesday',
    '',
    '- [Straight lines](#dataset=gauss&layers=&lr=0.1)',
    '  One neuron, one line.',
    '- [The bias](#lesson=bias)',
    '  Without it, every line goes through the origin.',
  ].join('\n');
  await page.getByTestId('lessons-button').click();
  await page.getByTestId('lecture-open').setInputFiles({ name: 'tuesday.md', mimeType: 'text/markdown', buffer: Buffer.from(lecture) });
  const caption = page.getByTestId('lesson-caption');
  await caption.waitFor();
  assert.match(await caption.textContent(), /Lesson 1 of 2/);
  assert.match(await caption.locator('h2').textContent(), /Straight lines/);
  assert.match(await caption.textContent(), /One neuron, one line\./);
  assert.match(page.url(), /dataset=gauss/);
  await page.keyboard.press('n');
  await page.waitForFunction(() => location.hash.includes('lesson=bias'));
  assert.match(await caption.textContent(), /Lesson 2 of 2/);
  assert.match(await caption.textContent(), /Without it, every line goes through the origin\./, "the lecture's own words");
  assert.deepEqual(errors, []);
});

// End-to-end: the page on every screen it promises to use well, from a phone to a
// projector, and what a finger and a mouse can do on the diagram and the plot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { neuronPixels, setup } from './fixture.mjs';

const fx = setup();

async function open({ width, height, touch = false, presentation = false, hash = '' }) {
  const page = await fx.browser.newPage({ viewport: { width, height }, hasTouch: touch, isMobile: false });
  const errors = [];
  page.on('console', (msg) => msg.type() === 'error' && errors.push(`console: ${msg.text()}`));
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  await page.goto(fx.url + hash);
  await page.getByTestId('boundary').waitFor();
  if (presentation) await page.getByTestId('presentation').click();
  // Two frames: the diagram measures its room, then paints.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return { page, errors };
}

/** Bounding boxes of elements by data-testid, in viewport pixels. */
const boxes = (page, ids) =>
  page.evaluate((ids) => {
    const out = {};
    for (const id of ids) {
      const el = document.querySelector(`[data-testid="${id}"]`);
      const r = el?.getBoundingClientRect();
      out[id] = r ? { x: r.x, y: r.y, w: r.width, h: r.height } : null;
    }
    return out;
  }, ids);

const inView = (b, { width, height }) => b && b.w > 0 && b.h > 0 && b.x >= 0 && b.y >= 0 && b.x + b.w <= width + 0.5 && b.y + b.h <= height + 0.5;

/** Elements (by data-testid) that are not what shows at their own centre: hidden by a
 *  scrolled panel or covered by something else. The plot's layers count as one. */
const hidden = (page, ids) =>
  page.evaluate((ids) => {
    const out = [];
    for (const id of ids) {
      const el = document.querySelector(`[data-testid="${id}"]`);
      const r = el.getBoundingClientRect();
      const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
      const same = hit && (hit === el || el.contains(hit) || (el.closest('.boundary') && el.closest('.boundary') === hit.closest('.boundary')));
      if (!same) out.push(`${id} (${hit?.tagName.toLowerCase()}.${hit?.className})`);
    }
    return out;
  }, ids);

/** Every shown element of the playground a test or a person drives (data-testid), outside
 *  the viewport. The course's views follow the playground's first screen (.course-page). */
const outside = (page) =>
  page.evaluate(() => {
    const [W, H] = [innerWidth, innerHeight];
    return [...document.querySelectorAll('[data-testid]')]
      .filter((el) => !el.closest('.link-keys') && !el.closest('.course-page') && el.getClientRects().length > 0)
      .map((el) => [el.getAttribute('data-testid'), el.getBoundingClientRect()])
      .filter(([, r]) => r.x < -0.5 || r.y < -0.5 || r.right > W + 0.5 || r.bottom > H + 0.5)
      .map(([id, r]) => `${id} at ${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}×${Math.round(r.height)}`);
  });

const noSidewaysScroll = (page) => page.evaluate(() => document.scrollingElement.scrollWidth <= innerWidth);

const WHAT_A_LECTURE_NEEDS = ['play', 'epoch', 'learning-rate', 'boundary', 'loss-test', 'loss-train', 'loss-chart', 'feature-x1', 'neuron-0-0', 'neuron-1-1', 'neuron-2-0'];

const DESKTOPS = [
  { name: 'a laptop or projector, 1280×720', width: 1280, height: 720, boundary: 300 },
  { name: 'a desktop, 1920×1080', width: 1920, height: 1080, boundary: 480 },
  { name: 'presentation mode at 1920×1080', width: 1920, height: 1080, presentation: true, boundary: 560 },
  { name: 'a tablet held sideways, 1024×768', width: 1024, height: 768, touch: true, boundary: 250 },
];

const nodeSize = {};
for (const screen of DESKTOPS) {
  test(`${screen.name}: everything a lecture needs is in view, nothing scrolls`, async () => {
    const { page, errors } = await open(screen);
    const b = await boxes(page, WHAT_A_LECTURE_NEEDS);
    for (const id of WHAT_A_LECTURE_NEEDS) assert.ok(inView(b[id], screen), `${id} in view: ${JSON.stringify(b[id])}`);
    assert.deepEqual(await hidden(page, WHAT_A_LECTURE_NEEDS), [], 'and not hidden by a panel or covered');
    assert.deepEqual(await outside(page), [], 'every control and view inside the window');
    assert.ok(await noSidewaysScroll(page), 'no sideways scrolling');
    // The playground is the whole first screen; only the course's views lie below it.
    assert.ok(await page.evaluate(() => document.querySelector('.app').getBoundingClientRect().height <= innerHeight + 0.5), 'the playground needs no scrolling');
    assert.ok(await page.evaluate(() => document.querySelector('.course-page').getBoundingClientRect().top >= innerHeight - 0.5), 'the course starts below it');
    assert.ok(b.boundary.w >= screen.boundary, `the boundary is ${b.boundary.w} px wide, at least ${screen.boundary}`);
    assert.ok(Math.abs(b.boundary.w - b.boundary.h) < 1, 'and square');
    nodeSize[screen.name] = b['neuron-0-0'].w;
    if (screen.presentation) {
      const size = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.app')).fontSize));
      assert.ok(size >= 18, `type is ${size} px`);
      assert.equal(await page.getByTestId('seed').isVisible(), false, 'only the essential controls');
    }
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test('the diagram grows with the screen', () => {
  const [small, large] = [nodeSize[DESKTOPS[0].name], nodeSize[DESKTOPS[1].name]];
  assert.ok(small > 0 && large >= small * 1.5, `a neuron is ${small} px at 1280×720 and ${large} px at 1920×1080`);
});

test('8 hidden layers of 16 fit a 1280×720 screen', async () => {
  const screen = { width: 1280, height: 720, hash: '#dataset=spiral&layers=16,16,16,16,16,16,16,16' };
  const { page, errors } = await open(screen);
  const ids = ['feature-x1', 'feature-sinx2', 'neuron-0-0', 'neuron-0-15', 'neuron-7-15', 'neuron-8-0', 'layer-7-add', 'boundary', 'loss-chart', 'play'];
  const b = await boxes(page, ids);
  for (const id of ids) assert.ok(inView(b[id], screen), `${id} in view: ${JSON.stringify(b[id])}`);
  assert.deepEqual(await hidden(page, ids), [], 'every neuron shows, none scrolled away');
  // Small, but each one's heatmap still reads beside its feature's label.
  assert.ok(b['neuron-0-0'].w >= 10, `neurons are ${b['neuron-0-0'].w} px`);
  assert.ok(await noSidewaysScroll(page));
  assert.deepEqual(errors, []);
  await page.close();
});

const HANDHELDS = [
  { name: 'a phone, 390×844', width: 390, height: 844, touch: true },
  { name: 'a tablet, 768×1024', width: 768, height: 1024, touch: true },
];

for (const screen of HANDHELDS) {
  test(`${screen.name}: no sideways scrolling, the plot nearly as wide as the screen, panels in order, targets for a finger`, async () => {
    const { page, errors } = await open(screen);
    assert.ok(await noSidewaysScroll(page), 'no sideways scrolling');
    const b = await boxes(page, ['play', 'boundary', 'loss-chart', 'neuron-0-0', 'feature-x1', 'neuron-2-0', 'dataset-spiral']);
    assert.ok(b.boundary.w >= 0.85 * screen.width, `the boundary is ${b.boundary.w} px on a ${screen.width} px screen`);
    assert.ok(b.boundary.x >= 0 && b.boundary.x + b.boundary.w <= screen.width);
    // Training controls, then what the network does, its losses over time, the network, the data.
    const order = ['play', 'boundary', 'loss-chart', 'neuron-0-0', 'dataset-spiral'];
    for (let i = 1; i < order.length; i++) assert.ok(b[order[i - 1]].y < b[order[i]].y, `${order[i - 1]} above ${order[i]}`);
    for (const id of ['feature-x1', 'neuron-0-0', 'neuron-2-0']) assert.ok(b[id].x >= 0 && b[id].x + b[id].w <= screen.width, `${id} not cut: ${JSON.stringify(b[id])}`);
    assert.ok(inView(b.play, screen), 'play is on the first screen');
    const small = await page.evaluate(() =>
      [...document.querySelectorAll('button, select, input, label.check')]
        .filter((el) => el.getClientRects().length > 0 && !el.closest('.link-keys') && !(el.tagName === 'INPUT' && el.type === 'checkbox'))
        .map((el) => [el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? el.textContent.trim(), el.getBoundingClientRect()])
        .filter(([, r]) => r.width < 40 || r.height < 40)
        .map(([name, r]) => `${name} ${Math.round(r.width)}×${Math.round(r.height)}`),
    );
    assert.deepEqual(small, [], 'every touch target at least 40 × 40 px');
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test('a tablet held sideways has targets for a finger too', async () => {
  const { page, errors } = await open({ width: 1024, height: 768, touch: true });
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('button, select')]
      .filter((el) => el.getClientRects().length > 0)
      .map((el) => [el.getAttribute('data-testid') ?? el.textContent.trim(), el.getBoundingClientRect()])
      .filter(([, r]) => r.width < 40 || r.height < 40)
      .map(([name, r]) => `${name} ${Math.round(r.width)}×${Math.round(r.height)}`),
  );
  assert.deepEqual(small, []);
  assert.deepEqual(errors, []);
  await page.close();
});

const pointCount = async (page) => Number((await page.getByTestId('point-count').textContent()).match(/^(\d+) training/)[1]);

test('on a phone a tap on the plot adds a point and a long press removes one', async () => {
  const { page, errors } = await open({ width: 390, height: 844, touch: true });
  const plot = page.getByTestId('data-plot');
  await plot.scrollIntoViewIfNeeded();
  const r = await plot.boundingBox();
  const [x, y] = [r.x + r.width * 0.9, r.y + r.height * 0.1];
  const before = await pointCount(page);
  await page.touchscreen.tap(x, y);
  await page.waitForFunction((n) => document.querySelector('[data-testid=point-count]').textContent.startsWith(`${n} `), before + 1);
  // A long press: the finger stays down for 0.7 s.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
  await page.waitForTimeout(700);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await page.waitForFunction((n) => document.querySelector('[data-testid=point-count]').textContent.startsWith(`${n} `), before);
  assert.equal(await pointCount(page), before, 'the point added is the one removed, and nothing else');
  assert.deepEqual(errors, []);
  await page.close();
});

/** A point on a drawn link: the first gap's canvas's most opaque pixel halfway between the
 *  features' column and the first hidden layer, in viewport pixels. */
const pointOnALink = (page) =>
  page.evaluate(() => {
    const c = document.querySelector('div.links canvas');
    const f = document.querySelector('[data-testid=feature-x1]').getBoundingClientRect();
    const n = document.querySelector('[data-testid=neuron-0-0]').getBoundingClientRect();
    const r = c.getBoundingClientRect();
    const k = c.width / r.width;
    const x = Math.round(((f.right + n.left) / 2 - r.left) * k);
    const d = c.getContext('2d').getImageData(x, 0, 1, c.height).data;
    let best = -1;
    for (let y = 0; y < c.height; y++) if (best < 0 || d[4 * y + 3] > d[4 * best + 3]) best = y;
    return { x: r.left + x / k, y: r.top + best / k, alpha: d[4 * best + 3] };
  });

const checksum = (page, selector) =>
  page.evaluate((selector) => {
    const c = document.querySelector(selector);
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let h = 0;
    for (let i = 0; i < d.length; i++) h = (h * 31 + d[i]) >>> 0;
    return h;
  }, selector);

test('the links are drawn live, and hovering one reads its weight and clicking it opens the editor', async () => {
  const { page, errors } = await open({ width: 1280, height: 720, hash: '#dataset=spiral&optimizer=adam&lr=0.03' });
  const links = await checksum(page, 'div.links canvas');
  const neuron = (await neuronPixels(page, 'neuron-1-0')).join();
  for (let i = 0; i < 3; i++) await page.getByTestId('step').click();
  await page.waitForFunction((h) => {
    const c = document.querySelector('div.links canvas');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let x = 0;
    for (let i = 0; i < d.length; i++) x = (x * 31 + d[i]) >>> 0;
    return x !== h;
  }, links);
  assert.notEqual((await neuronPixels(page, 'neuron-1-0')).join(), neuron, 'a neuron is repainted as the weights change');
  const p = await pointOnALink(page);
  assert.ok(p.alpha > 100, `a link is drawn there (alpha ${p.alpha})`);
  await page.mouse.move(p.x, p.y);
  const tip = page.getByTestId('link-tooltip');
  await tip.waitFor();
  assert.match(await tip.textContent(), /^weight -?\d+\.\d{3}/);
  await page.mouse.click(p.x, p.y);
  await page.getByTestId('weight-edit').waitFor();
  await page.keyboard.type('2.5');
  await page.keyboard.press('Enter');
  await page.getByTestId('weight-edit').waitFor({ state: 'detached' });
  await page.mouse.move(p.x, p.y + 1);
  await page.mouse.move(p.x, p.y);
  assert.match(await tip.textContent(), /^weight 2\.500/, 'the typed weight is the link’s weight');
  await page.mouse.move(5, 5);
  await tip.waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
  await page.close();
});

test("the plot's axis labels overlap neither each other nor the figures above the plot", async () => {
  for (const [width, height, presentation] of [[1280, 720, false], [1280, 720, true], [1920, 1080, true], [390, 844, false]]) {
    const { page, errors } = await open({ width, height, presentation });
    const [ticks, figures] = await page.evaluate(() => [
      [...document.querySelectorAll('.boundary-wrap .tick')].map((t) => ({ text: t.textContent, ...t.getBoundingClientRect().toJSON() })),
      document.querySelector('.output-panel .figures').getBoundingClientRect().toJSON(),
    ]);
    const meet = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const at = `${width}×${height}${presentation ? ' presenting' : ''}`;
    assert.ok(ticks.length >= 10, `${at}: ${ticks.length} ticks`);
    for (const [i, a] of ticks.entries()) {
      for (const b of ticks.slice(i + 1)) assert.ok(!meet(a, b), `${at}: "${a.text}" and "${b.text}" overlap`);
      assert.ok(a.top >= figures.bottom, `${at}: "${a.text}" reaches into the figures above the plot`);
    }
    assert.deepEqual(errors, []);
    await page.close();
  }
});

// End-to-end: the stage. Every lesson's focus (the views it opens; a comparison's runs and
// their shared loss chart) fills the first screen at the sizes lecture halls have, with and
// without presentation mode: inside the viewport, nothing scrolled, nothing covering it, and
// no panel on that screen holding more than it shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { setup, SHOTS } from './fixture.mjs';

const fx = setup();

/** The lessons, read from their one list: id, whether they compare runs, the views they open. */
const SOURCE = await readFile(new URL('../../src/lessons.rs', import.meta.url), 'utf8');
const LESSONS = [...SOURCE.matchAll(/id: "([^"]+)",[\s\S]*?settings: "([^"]+)",[\s\S]*?views: &\[([^\]]*)\]/g)].map(([, id, settings, views]) => ({
  id,
  settings,
  compare: settings.includes('compare='),
  views: views.split(',').map((v) => v.trim().replace('View::', '')).filter(Boolean),
}));

/** The stage a lesson's focus calls for (the page's own rule, stated again). */
const stageOf = (l) => (l.compare ? 'stage-compare' : l.views.includes('Walk') ? 'stage-walk' : l.views.length ? 'stage-view' : 'stage-play');

/** Each view's figure: what must be seen of it. */
const FIGURE = {
  Walk: ['[data-testid=walk-text]'],
  Perceptron: ['[data-testid=perceptron-plot]'],
  Activations: ['[data-testid=activation-plot]'],
  GradNorms: ['[data-testid=grad-norms]'],
  LossSurface: ['.surface-plot'],
  LrFinder: ['[data-testid=lr-chart]'],
};

/** The selectors of a lesson's focus elements. */
function focusOf(l) {
  const views = l.views.flatMap((v) => FIGURE[v]);
  switch (stageOf(l)) {
    case 'stage-compare':
      return ['.run-boundary', '[data-testid=loss-chart]', ...views];
    case 'stage-walk':
      return ['.diagram .neuron', ...views];
    case 'stage-view':
      return ['[data-testid=boundary]', ...views];
    default:
      return ['[data-testid=boundary]', '[data-testid=loss-chart]'];
  }
}

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
];

async function openLesson(l, viewport, present) {
  const page = await fx.browser.newPage({ viewport });
  const errors = [];
  page.on('console', (msg) => msg.type() === 'error' && errors.push(`console: ${msg.text()}`));
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  // A lesson alone, or its whole link with presentation mode in it.
  await page.goto(`${fx.url}#${present ? `${l.settings}&present=1` : `lesson=${l.id}`}`);
  await page.getByTestId('lesson-caption').waitFor();
  if (l.compare) await page.waitForFunction(() => document.querySelectorAll('.run-boundary').length >= 2);
  // The layout settles, the diagram measures its room, the charts redraw at their size.
  await page.waitForTimeout(400);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return { page, errors };
}

/** Focus elements (by selector, every match) not wholly inside the viewport, or not what
 *  shows at their own centre (covered, or scrolled away inside a panel). */
const misplaced = (page, selectors) =>
  page.evaluate((selectors) => {
    const [W, H] = [innerWidth, innerHeight];
    const out = [];
    for (const sel of selectors) {
      const els = [...document.querySelectorAll(sel)];
      if (els.length === 0) out.push(`${sel}: none`);
      for (const el of els) {
        const r = el.getBoundingClientRect();
        const where = `${sel} at ${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}×${Math.round(r.height)}`;
        if (!(r.width > 0 && r.height > 0 && r.x >= -0.5 && r.y >= -0.5 && r.right <= W + 0.5 && r.bottom <= H + 0.5)) {
          out.push(`${where} outside ${W}×${H}`);
          continue;
        }
        const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        const same = hit && (hit === el || el.contains(hit) || (el.closest('.boundary') && el.closest('.boundary') === hit.closest('.boundary')));
        if (!same) out.push(`${where} covered by ${hit?.tagName.toLowerCase()}.${hit?.className}`);
      }
    }
    return out;
  }, selectors);

/** What the first screen cuts: every element in view whose overflow is hidden or scrolls
 *  and that holds more than it shows (the folded caption's one line excepted, and the
 *  playground's grid, whose panels a stage does not use lie below it). */
const cut = (page) =>
  page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('.app:not(.course-page) *, .on-stage *')) {
      const r = el.getBoundingClientRect();
      // (Text for screen readers only is a clipped pixel: nothing on screen to cut.)
      if (r.width < 2 || r.height < 2 || r.top < 0 || r.bottom > innerHeight) continue;
      if (el.matches('main.columns, .lesson-explain, select, input, option, canvas, details:not([open]) *')) continue;
      const cs = getComputedStyle(el);
      if (!/auto|hidden|scroll|clip/.test(cs.overflowX + cs.overflowY)) continue;
      const [dx, dy] = [el.scrollWidth - el.clientWidth, el.scrollHeight - el.clientHeight];
      if (dx > 1 || dy > 1) out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} holds ${dx}×${dy} px more than it shows`);
    }
    return out;
  });

for (const present of [false, true]) {
  for (const size of SIZES) {
    test(`${present ? 'presentation mode' : 'the page'} at ${size.width}×${size.height}: every lesson's focus is in the first screen, nothing cut`, async () => {
      const problems = [];
      for (const l of LESSONS) {
        const { page, errors } = await openLesson(l, size, present);
        const classes = await page.evaluate(() => document.querySelector('.app').className);
        if (!classes.split(' ').includes(stageOf(l))) problems.push(`${l.id}: the page is "${classes}", not ${stageOf(l)}`);
        for (const p of await misplaced(page, focusOf(l))) problems.push(`${l.id}: ${p}`);
        for (const p of await cut(page)) problems.push(`${l.id}: ${p}`);
        if ((await page.evaluate(() => scrollY)) !== 0) problems.push(`${l.id}: the window scrolled`);
        if (errors.length) problems.push(`${l.id}: ${errors.join('; ')}`);
        if (present || size.width === 1280) {
          await page.screenshot({ path: `${SHOTS}/stage-${l.id}-${size.width}${present ? '-present' : ''}.png` });
        }
        await page.close();
      }
      assert.deepEqual(problems, []);
    });
  }
}

test('presentation mode at 1280×720, two seconds into training (notices shown, readings grown): still nothing cut', async () => {
  const problems = [];
  for (const l of LESSONS) {
    const { page, errors } = await openLesson(l, SIZES[0], true);
    await page.getByTestId('play').click();
    await page.waitForTimeout(2000);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    for (const p of await cut(page)) problems.push(`${l.id}: ${p}`);
    for (const p of await misplaced(page, focusOf(l))) problems.push(`${l.id}: ${p}`);
    if (errors.length) problems.push(`${l.id}: ${errors.join('; ')}`);
    await page.close();
  }
  assert.deepEqual(problems, []);
});

test('the lessons were read: sixteen, and each stage is used', () => {
  assert.equal(LESSONS.length, 16);
  assert.deepEqual([...new Set(LESSONS.map(stageOf))].sort(), ['stage-compare', 'stage-play', 'stage-view', 'stage-walk']);
});

test('presentation mode at 1920×1080: no text under 16 px, chart ticks at least 14 px', async () => {
  const problems = [];
  let drawn = 0;
  for (const l of LESSONS) {
    const { page } = await openLesson(l, { width: 1920, height: 1080 }, true);
    const [small, charts] = await page.evaluate(() => {
      const out = [];
      for (const el of document.querySelectorAll('.app *')) {
        const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
        if (!own || el.closest('.link-keys') || el.getClientRects().length === 0) continue;
        const r = el.getBoundingClientRect();
        if (r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth) continue;
        const size = parseFloat(getComputedStyle(el).fontSize);
        if (size < 16 - 0.01) out.push(`"${el.textContent.trim().slice(0, 20)}" (${el.className || el.tagName}) ${size}px`);
      }
      const ticks = [...document.querySelectorAll('canvas[data-tick]')].filter((c) => {
        const r = c.getBoundingClientRect();
        return r.width > 0 && r.top < innerHeight;
      });
      for (const c of ticks) {
        // The ticks' CSS size: their canvas pixels over the canvas's scale as shown now.
        const k = Math.max(c.width / c.clientWidth, c.height / c.clientHeight);
        const drawn = Math.round(Number(c.dataset.tick) * k) / k;
        if (drawn < 14 - 0.5) out.push(`ticks of ${c.dataset.testid} ${drawn.toFixed(1)}px`);
      }
      return [out, ticks.length];
    });
    problems.push(...small.map((s) => `${l.id}: ${s}`));
    drawn += charts;
    await page.close();
  }
  assert.deepEqual(problems, []);
  // The lessons whose first screen holds a chart (the loss chart or a view's).
  assert.ok(drawn >= 12, `${drawn} charts in the first screens`);
});

test('presentation mode at 1280×720: the caption folds to a line; its button and c unfold it over the stage', async () => {
  const { page, errors } = await openLesson(LESSONS.find((l) => l.id === 'learning-rate'), { width: 1280, height: 720 }, true);
  const caption = page.getByTestId('lesson-caption');
  const folded = (await caption.boundingBox()).height;
  assert.equal(await page.locator('.lesson-try').isVisible(), false, 'folded: no "Try"');
  assert.ok(folded < 720 / 6, `the folded caption is ${folded} px high`);
  const stage = async () => (await page.locator('.run-boundary').first().boundingBox());
  const before = await stage();
  await page.getByTestId('caption-more').click();
  assert.equal(await page.locator('.lesson-try').isVisible(), true, 'unfolded by the button');
  assert.ok((await page.getByTestId('lesson-text').boundingBox()).height > folded, 'the whole text shows');
  // It opens over the stage: the runs keep their place and size.
  assert.deepEqual(await stage(), before);
  const top = await page.evaluate(() => {
    const r = document.querySelector('.lesson-try').getBoundingClientRect();
    return document.elementFromPoint(r.left + 5, r.top + r.height / 2)?.closest('[data-testid=lesson-caption]') !== null;
  });
  assert.ok(top, 'the unfolded text lies above the stage, not under it');
  await page.locator('body').click({ position: { x: 5, y: 700 } }).catch(() => {});
  await page.keyboard.press('c');
  assert.equal(await page.locator('.lesson-try').isVisible(), false, 'c folds it again');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a 390 px phone in presentation mode is 390 px wide, its help button in view', async () => {
  const page = await fx.browser.newPage({ viewport: { width: 390, height: 844 }, hasTouch: true });
  await page.goto(`${fx.url}#${LESSONS.find((l) => l.id === 'learning-rate').settings}&present=1`);
  await page.getByTestId('lesson-caption').waitFor();
  assert.ok(await page.evaluate(() => document.scrollingElement.scrollWidth <= innerWidth), 'no sideways scrolling');
  const help = await page.getByTestId('help-button').boundingBox();
  assert.ok(help.x >= 0 && help.x + help.width <= 390, `the ? button at ${help.x}–${help.x + help.width}`);
  await page.close();
});

test('3840×2160: the stage scales up, nothing stays a thumbnail', async () => {
  const { page, errors } = await openLesson(LESSONS.find((l) => l.id === 'learning-rate'), { width: 3840, height: 2160 }, true);
  const run = await page.locator('.run-boundary').first().boundingBox();
  const chart = await page.getByTestId('loss-chart').boundingBox();
  assert.ok(run.width >= 600 && run.height >= 600, `a run's boundary is ${run.width}×${run.height}`);
  assert.ok(chart.width >= 900, `the loss chart is ${chart.width} px wide`);
  const size = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.app')).fontSize));
  assert.ok(size >= 24, `type is ${size} px`);
  assert.deepEqual(errors, []);
  await page.close();
});

/** WCAG contrast of two CSS colours. */
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, b] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

test('the dark theme: the header, the comparison box and the notice read at 4.5:1 or more', async () => {
  const page = await fx.browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`${fx.url}#lesson=learning-rate&nonsense=1`);
  await page.getByTestId('notice').waitFor();
  await page.getByTestId('theme').click();
  const pairs = await page.evaluate(() =>
    [
      ['[data-testid=compare-input]'],
      ['[data-testid=notice] button'],
      ['[data-testid=notice] span', '[data-testid=notice]'],
      ['.top h1', '.top'],
    ].map(([sel, box = sel]) => [sel, getComputedStyle(document.querySelector(sel)).color, getComputedStyle(document.querySelector(box)).backgroundColor]),
  );
  for (const [sel, fg, bg] of pairs) assert.ok(contrast(fg, bg) >= 4.5, `${sel}: ${fg} on ${bg} is ${contrast(fg, bg).toFixed(2)}:1`);
  await page.close();
});

test('the walk-through: its 2-2-1 network grows to fill its panel, the numbers readable from the room', async () => {
  const backprop = LESSONS.find((l) => l.id === 'backprop');
  for (const [size, node, num] of [[{ width: 1920, height: 1080 }, 64, 18], [{ width: 1280, height: 720 }, 0, 14]]) {
    for (const present of [false, true]) {
      const { page, errors } = await openLesson(backprop, size, present);
      const [least, numbers, text, diagram, area] = await page.evaluate(() => [
        Math.min(...[...document.querySelectorAll('.diagram .neuron')].map((n) => n.getBoundingClientRect().width)),
        [...document.querySelectorAll('.walk-num')].map((n) => parseFloat(getComputedStyle(n).fontSize)),
        document.querySelector('[data-testid=walk-text]').getBoundingClientRect().toJSON(),
        document.querySelector('.diagram').getBoundingClientRect().toJSON(),
        document.querySelector('.diagram-area').getBoundingClientRect().toJSON(),
      ]);
      const at = `${size.width}×${size.height}${present ? ' presenting' : ''}`;
      assert.ok(least >= node, `${at}: neurons are ${least} px`);
      assert.ok(numbers.length > 0 && Math.min(...numbers) >= num, `${at}: numbers of ${numbers} px`);
      if (present && size.width === 1920) {
        // Presented on a projector the three columns span the panel (at most 72-pixel
        // neurons and 220-pixel gaps left a third of it empty) and the numbers grow with them.
        assert.ok(least >= 120 && Math.min(...numbers) >= 22, `${at}: neurons of ${least} px, numbers of ${numbers} px`);
        assert.ok(diagram.width >= 0.75 * area.width, `${at}: the diagram is ${diagram.width} px of its ${area.width} px panel`);
      }
      assert.ok(text.left >= diagram.right - 1 && text.top < diagram.bottom, `${at}: the step's sentence stands beside the diagram`);
      assert.deepEqual(errors, []);
      await page.close();
    }
  }
});

test('the walk-through reads at 1280×720 and 1920×1080: every step’s sentence and the example buttons in view, no button over text, no number apart from its name', async () => {
  const backprop = LESSONS.find((l) => l.id === 'backprop');
  for (const size of SIZES) {
    for (const present of [false, true]) {
      const { page, errors } = await openLesson(backprop, size, present);
      const at = `${size.width}×${size.height}${present ? ' presenting' : ''}`;
      for (let step = 1; ; step++) {
        const problems = await page.evaluate(() => {
          const out = [];
          const panel = document.querySelector('.walk-panel').getBoundingClientRect();
          const box = (r) => `${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}×${Math.round(r.height)}`;
          const seen = (sel) => {
            const r = document.querySelector(sel).getBoundingClientRect();
            const inside = r.width > 0 && r.top >= Math.max(0, panel.top) - 0.5 && r.bottom <= Math.min(innerHeight, panel.bottom) + 0.5 && r.left >= 0 && r.right <= innerWidth + 0.5;
            if (!inside) out.push(`${sel} at ${box(r)} is not in view (panel ${box(panel)})`);
          };
          ['[data-testid=walk-text]', '[data-testid=walk-next]', '[data-testid=walk-textbook]', '[data-testid=walk-textbook-2]'].forEach(seen);
          // The lines of text in the panel (outside buttons) against its buttons.
          // (What a closed <details> holds is laid out but not shown.)
          const shown = (el) => !el.closest('details:not([open])') || el.closest('summary');
          const buttons = [...document.querySelectorAll('.walk-panel button')].filter(shown).map((b) => b.getBoundingClientRect()).filter((r) => r.width > 0);
          const walker = document.createTreeWalker(document.querySelector('.walk-panel'), NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            if (!n.textContent.trim() || !shown(n.parentElement) || n.parentElement.closest('button, summary, select, option')) continue;
            const range = document.createRange();
            range.selectNodeContents(n);
            for (const line of range.getClientRects()) {
              for (const b of buttons) {
                const overlap = Math.min(line.bottom, b.bottom) - Math.max(line.top, b.top) > 1 && Math.min(line.right, b.right) - Math.max(line.left, b.left) > 1;
                if (overlap) out.push(`"${n.textContent.trim().slice(0, 24)}" at ${box(line)} under a button at ${box(b)}`);
              }
            }
          }
          for (const piece of document.querySelectorAll('[data-testid=walk-text] .nobr')) {
            const tops = new Set([...piece.getClientRects()].map((r) => Math.round(r.top)));
            if (tops.size > 1) out.push(`"${piece.textContent}" is split over ${tops.size} lines`);
          }
          return out;
        });
        assert.deepEqual(problems, [], `${at}, step ${step}`);
        const px = parseFloat(await page.getByTestId('walk-text').evaluate((e) => getComputedStyle(e).fontSize));
        if (present) assert.ok(px >= (size.width === 1280 ? 14 : 16) - 0.01, `${at}: the sentence is ${px} px`);
        if (!(await page.getByTestId('walk-next').isEnabled())) break;
        await page.getByTestId('walk-next').click();
      }
      await page.screenshot({ path: `${SHOTS}/walk-last-step-${size.width}${present ? '-present' : ''}.png` });
      assert.deepEqual(errors, []);
      await page.close();
    }
  }
});

test('presented, the diagram draws only the inputs in use, and all of them again outside presentation', async () => {
  const page = await fx.browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`${fx.url}#lesson=backprop`);
  await page.getByTestId('boundary').waitFor();
  const features = () => page.locator('.neuron.feature').count();
  assert.equal(await features(), 7);
  const before = (await page.getByTestId('neuron-0-0').boundingBox()).width;
  await page.getByTestId('presentation').click();
  await page.waitForFunction(() => document.querySelectorAll('.neuron.feature').length === 2);
  const after = (await page.getByTestId('neuron-0-0').boundingBox()).width;
  assert.ok(after > before * 1.5, `the 2-2-1 network grows from ${before} to ${after} px`);
  assert.equal(await page.getByTestId('feature-x1').getAttribute('aria-pressed'), 'true');
  await page.getByTestId('presentation').click();
  await page.waitForFunction(() => document.querySelectorAll('.neuron.feature').length === 7);
  await page.close();
});

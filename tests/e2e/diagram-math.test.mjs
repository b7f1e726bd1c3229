// End-to-end: the mathematics on the network diagram — the walk-through's numbers beside
// the neurons and on the links, the biases drawn and typed like weights, and batch
// normalization drawn before the layers it normalises.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { neuronsAlphaAt, setup, SHOTS, sigmoid, TEXTBOOK } from './fixture.mjs';

const fx = setup();

const NUM = '(-?\\d+(?:\\.\\d+)?(?:e-?\\d+)?)';

/** A label's lines as { symbol: value }, e.g. "z 0.025\na 0.5062" → { z: 0.025, a: 0.5062 }. */
async function label(page, testid) {
  const text = await page.getByTestId(testid).textContent();
  return Object.fromEntries(text.split('\n').map((line) => {
    const [sym, value] = line.split(' ');
    return [sym, Number(value)];
  }));
}

/** Four significant digits, as the page writes them: equal within half a unit of the last. */
function near(shown, exact, what) {
  const tol = 6e-4 * Math.max(Math.abs(exact), 1e-6) + 1e-9;
  assert.ok(Math.abs(shown - exact) <= tol, `${what}: the page shows ${shown}, by hand ${exact}`);
}

/** Types `value` into the weight or bias behind the keyboard stop `testid`. */
async function type(page, testid, value) {
  await page.getByTestId(testid).focus();
  await page.keyboard.press('Enter');
  const box = page.getByTestId('weight-edit');
  await box.waitFor();
  await page.keyboard.type(String(value));
  await page.keyboard.press('Enter');
  await box.waitFor({ state: 'detached' });
}

test('the walk-through writes the engine’s numbers on the diagram, equal to a hand computation with the typed weights', async () => {
  const { page, errors } = await fx.open(`#${TEXTBOOK}`);
  const text = page.getByTestId('walk-text');
  await text.waitFor();
  // The lecture's weights, typed into the links: h1.1 = 0.1·x₁ + 0.2·x₂, h1.2 = 0.3·x₁ + 0.4·x₂, o = 0.5·h1.1 + 0.6·h1.2.
  const w = { '0-0-0': 0.1, '0-1-0': 0.2, '0-0-1': 0.3, '0-1-1': 0.4, '1-0-0': 0.5, '1-1-0': 0.6 };
  for (const [link, value] of Object.entries(w)) await type(page, `link-${link}`, value);
  // The walk follows the typed weights: step 1 is still the point, with its target.
  assert.match(await text.textContent(), /^The point goes in/);
  const [, x1, x2, t] = (await text.textContent()).match(new RegExp(`x₁ = ${NUM}, x₂ = ${NUM}\\. Its target is t = ${NUM}`)).map(Number);
  assert.equal(await page.getByTestId('walk-focus').getAttribute('data-focus'), 'input');
  near((await label(page, 'walk-num-in-0')).x, x1, 'x₁ beside its feature');
  near((await label(page, 'walk-num-in-1')).x, x2, 'x₂ beside its feature');
  // By hand.
  const n1 = 0.1 * x1 + 0.2 * x2;
  const n2 = 0.3 * x1 + 0.4 * x2;
  const [h1, h2] = [sigmoid(n1), sigmoid(n2)];
  const n3 = 0.5 * h1 + 0.6 * h2;
  const o = sigmoid(n3);
  const d3 = (o - t) * o * (1 - o);
  const [d1, d2] = [d3 * 0.5 * h1 * (1 - h1), d3 * 0.6 * h2 * (1 - h2)];
  // Forward through layer 1: z and a beside both hidden neurons, nothing at the output yet.
  await page.getByTestId('walk-next').click();
  assert.equal(await page.getByTestId('walk-focus').getAttribute('data-focus'), 'forward-0');
  const a = await label(page, 'walk-num-0-0');
  near(a.z, n1, 'z of h1.1');
  near(a.a, h1, 'a of h1.1');
  near((await label(page, 'walk-num-0-1')).a, h2, 'a of h1.2');
  assert.equal(await page.getByTestId('walk-num-1-0').count(), 0, 'the output is not reached yet');
  // The diagram's numbers are the sentence's: the same engine numbers, written the same way.
  const sentence = await text.textContent();
  assert.ok(sentence.includes(`= ${(await page.getByTestId('walk-num-0-0').textContent()).split('\n')[0].slice(2)}; out = σ(`), sentence);
  // Layer 2 (the output), then the loss with the target beside it.
  await page.getByTestId('walk-next').click();
  near((await label(page, 'walk-num-1-0')).z, n3, 'z of the output');
  near((await label(page, 'walk-num-1-0')).a, o, 'a of the output');
  await page.getByTestId('walk-next').click();
  assert.equal(await page.getByTestId('walk-focus').getAttribute('data-focus'), 'loss');
  assert.equal((await label(page, 'walk-num-1-0')).t, t);
  // Backward: the output's δ, then its weights' gradients on the links, then the hidden δs.
  await page.getByTestId('walk-next').click();
  assert.equal(await page.getByTestId('walk-focus').getAttribute('data-focus'), 'delta-1');
  near((await label(page, 'walk-num-1-0')).δ, d3, 'δ of the output');
  assert.ok((await text.textContent()).endsWith(`= ${(await page.getByTestId('walk-num-1-0').textContent()).slice(2)}.`), 'the same δ as the sentence');
  assert.equal(await page.getByTestId('walk-num-0-0').count(), 0, 'the hidden δs are not reached yet');
  await page.getByTestId('walk-next').click();
  assert.equal(await page.getByTestId('walk-focus').getAttribute('data-focus'), 'gradient-1');
  near(Number(await page.getByTestId('walk-num-link-1-0-0').textContent()), h1 * d3, '∂E/∂w5 on its link');
  near(Number(await page.getByTestId('walk-num-link-1-1-0').textContent()), h2 * d3, '∂E/∂w6 on its link');
  // Hovering (or focusing) a link tells the same number.
  await page.getByTestId('link-1-0-0').focus();
  assert.match(await page.getByTestId('link-tooltip').textContent(), /^weight 0\.500 .*walk-through: ∂E\/∂w = /);
  await page.getByTestId('walk-next').click();
  near((await label(page, 'walk-num-0-0')).δ, d1, 'δ of h1.1');
  near((await label(page, 'walk-num-0-1')).δ, d2, 'δ of h1.2');
  await page.getByTestId('walk-next').click();
  near(Number(await page.getByTestId('walk-num-link-0-1-1').textContent()), x2 * d2, '∂E/∂w4 on its link');
  await page.screenshot({ path: `${SHOTS}/walk-diagram-gradient.png` });
  // The labels do not cover one another.
  const boxes = await page.locator('.walk-num').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [p, q] = [boxes[i], boxes[j]];
      const apart = p.right <= q.left + 1 || q.right <= p.left + 1 || p.bottom <= q.top + 1 || q.bottom <= p.top + 1;
      assert.ok(apart, `labels ${i} and ${j} overlap: ${JSON.stringify(p)} ${JSON.stringify(q)}`);
    }
  }
  // The update: every weight's new value on its link, w ← w − η·∂E/∂w with η = 1.
  await page.getByTestId('walk-next').click();
  assert.equal(await page.getByTestId('walk-focus').getAttribute('data-focus'), 'update');
  near(Number(await page.getByTestId('walk-num-link-0-0-0').textContent()), 0.1 - x1 * d1, 'w1 after the update');
  near(Number(await page.getByTestId('walk-num-link-1-1-0').textContent()), 0.6 - h2 * d3, 'w6 after the update');
  // Closing the walk-through takes its numbers off the diagram.
  await page.getByTestId('walk').click();
  assert.equal(await page.locator('.walk-num').count(), 0);
  assert.equal(await page.getByTestId('walk-focus').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('on a bigger network the walk-through’s numbers are in the tooltip of the neuron hovered or focused', async () => {
  const { page, errors } = await fx.open('#dataset=xor&features=x1,x2&layers=6&activation=tanh');
  await page.getByTestId('walk').click();
  await page.getByTestId('walk-text').waitFor();
  await page.getByTestId('walk-next').click();
  assert.equal(await page.locator('.walk-num').count(), 0, 'six neurons: no numbers standing on the diagram');
  assert.match(await page.getByTestId('walk-legend').textContent(), /hover or focus a neuron/);
  await page.getByTestId('neuron-0-2').hover();
  assert.match(await page.getByTestId('walk-tip').textContent(), new RegExp(`^layer 1 neuron 3: z ${NUM}, a ${NUM}$`));
  await page.mouse.move(5, 5);
  await page.getByTestId('walk-tip').waitFor({ state: 'detached' });
  await page.getByTestId('neuron-0-5').focus();
  assert.match(await page.getByTestId('walk-tip').textContent(), /^layer 1 neuron 6: z /);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a bias is drawn beside its neuron, tells its value on hover and takes a typed one, and the output follows', async () => {
  const { page, errors } = await fx.open('#dataset=xor&features=x1,x2&layers=2&activation=tanh');
  await page.getByTestId('boundary').waitFor();
  // One keyboard stop per bias, the output's included.
  for (const id of ['bias-0-0', 'bias-0-1', 'bias-1-0']) assert.equal(await page.getByTestId(id).count(), 1, id);
  assert.match(await page.getByTestId('bias-1-0').getAttribute('aria-label'), /^Bias of output 1: Enter types a new one/);
  // The dot left of the output neuron's lower corner: hover tells, a click edits.
  const r = await page.getByTestId('neuron-1-0').boundingBox();
  const radius = Math.min(7, Math.max(3, r.width * 0.16));
  const [x, y] = [r.x - radius - 2, r.y + r.height - radius];
  const painted = await neuronsAlphaAt(page, x, y);
  assert.ok(painted > 200, `the bias dot is painted (alpha ${painted})`);
  await page.mouse.move(x, y);
  const tip = page.getByTestId('bias-tooltip');
  await tip.waitFor();
  assert.match(await tip.textContent(), /^bias of output 1 = -?\d+\.\d{3} — click or press Enter/);
  const lossBefore = await page.getByTestId('loss-train').textContent();
  await page.mouse.click(x, y);
  await page.getByTestId('weight-edit').waitFor();
  assert.equal(await page.getByTestId('weight-edit').getAttribute('aria-label'), 'New bias');
  await page.keyboard.type('4');
  await page.keyboard.press('Enter');
  await page.getByTestId('weight-edit').waitFor({ state: 'detached' });
  await page.mouse.move(5, 5);
  await page.mouse.move(x, y);
  assert.match(await tip.textContent(), /^bias of output 1 = 4\.000/);
  // A sigmoid output shifted by 4: the loss on the training set changes at once.
  await page.waitForFunction((before) => document.querySelector('[data-testid=loss-train]').textContent !== before, lossBefore);
  // The keyboard: the same edit box, and a value out of range is refused with a reason.
  await type(page, 'bias-0-1', 'lots');
  assert.match(await page.getByTestId('notice').textContent(), /'lots' is not a bias the page can use: type a number from −100 to 100/);
  await type(page, 'bias-0-1', '-0.5');
  assert.match(await page.getByTestId('bias-tooltip').textContent(), /^bias of layer 1 neuron 2 = -0\.500/);
  // The arrows walk from the last weight on to the biases.
  await page.getByTestId('link-1-1-0').focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'bias-0-0');
  assert.deepEqual(errors, []);
  await page.close();
});

test('with bias=off no bias is drawn or offered', async () => {
  const { page, errors } = await fx.open('#dataset=xor&features=x1,x2&layers=2&activation=tanh&bias=off');
  await page.getByTestId('boundary').waitFor();
  await page.getByTestId('link-0-0-0').waitFor({ state: 'attached' });
  assert.equal(await page.locator('[data-testid^="bias-"]').count(), 0);
  const r = await page.getByTestId('neuron-1-0').boundingBox();
  const radius = Math.min(7, Math.max(3, r.width * 0.16));
  const painted = await neuronsAlphaAt(page, r.x - radius - 2, r.y + r.height - radius);
  assert.equal(painted, 0, 'nothing painted where a bias dot would be');
  assert.deepEqual(errors, []);
  await page.close();
});

test('batch normalization is drawn before each hidden layer, with γ and β, and only when on', async () => {
  const { page, errors } = await fx.open('#dataset=xor&features=x1,x2&layers=3,2&batchnorm=on&batch=10');
  await page.getByTestId('bn-0').waitFor();
  assert.equal(await page.getByTestId('bn-1').count(), 1);
  assert.equal(await page.getByTestId('bn-2').count(), 0, 'the output layer is not normalised');
  assert.match(await page.getByTestId('bn-0').getAttribute('aria-label'), /^Batch normalization: layer 1 normalises its weighted sums/);
  // The bar stands between the links and the layer's neurons, as tall as the layer.
  const [bar, first, last] = await Promise.all(['bn-0', 'neuron-0-0', 'neuron-0-2'].map((id) => page.getByTestId(id).boundingBox()));
  assert.ok(bar.x + bar.width <= first.x && bar.x + bar.width > first.x - 8, 'just left of the neurons');
  assert.ok(bar.y <= first.y && bar.y + bar.height >= last.y + last.height, 'beside every neuron of the layer');
  // Hover a neuron's cell: its γ and β (1 and 0 before training).
  await page.getByTestId('bn-0-1').hover();
  assert.match(await page.getByTestId('bn-tooltip').textContent(), /^Layer 1 neuron 2: .* γ = 1\.000, β = 0\.000$/);
  await page.mouse.move(5, 5);
  await page.getByTestId('bn-1').focus();
  assert.match(await page.getByTestId('bn-tooltip').textContent(), /^Layer 2: batch normalization before the activation; γ = 1\.00, 1\.00; β = 0\.00, 0\.00$/);
  // β shifts instead of a bias: the normalised layers have none, the output keeps its own.
  assert.equal(await page.getByTestId('bias-0-0').count(), 0);
  assert.equal(await page.getByTestId('bias-2-0').count(), 1);
  // Off: no bar.
  await page.getByTestId('bn-1').blur();
  await page.evaluate(() => { location.hash = location.hash.replace('batchnorm=on', 'batchnorm=off'); });
  await page.reload();
  await page.getByTestId('boundary').waitFor();
  await page.getByTestId('link-0-0-0').waitFor({ state: 'attached' });
  assert.equal(await page.locator('.bn-bar').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the textbook example is one click: the lecture’s network, weights and point, with the numbers a hand computation gives', async () => {
  const { page, errors } = await fx.open();
  await page.getByTestId('walk').click();
  await page.getByTestId('walk-textbook').click();
  await page.waitForFunction(() => location.hash.includes('lesson=backprop'));
  assert.match(await page.getByTestId('walk-progress').textContent(), /your point \(0\.05, 0\.1\) with target 0\.1$/);
  const [x1, x2, t] = [0.05, 0.1, 0.1];
  // The course's worked example: w1 = 0.14, w2 = 0.19 into h1, w3 = 0.24, w4 = 0.29 into h2,
  // w5 = 0.35 and w6 = 0.40 into the output.
  const [h1, h2] = [sigmoid(0.14 * x1 + 0.19 * x2), sigmoid(0.24 * x1 + 0.29 * x2)];
  const o = sigmoid(0.35 * h1 + 0.4 * h2);
  const d3 = (o - t) * o * (1 - o);
  // Forward through the hidden layer, then the output, then the loss: E = ½ (t − o)².
  await page.getByTestId('walk-next').click();
  near((await label(page, 'walk-num-0-0')).a, h1, 'h1.1');
  near((await label(page, 'walk-num-0-1')).a, h2, 'h1.2');
  await page.getByTestId('walk-next').click();
  near((await label(page, 'walk-num-1-0')).a, o, 'the output');
  await page.getByTestId('walk-next').click();
  const loss = (await page.getByTestId('walk-text').textContent()).match(new RegExp(`E = ½·.* = ${NUM}\\.$`));
  assert.ok(loss, await page.getByTestId('walk-text').textContent());
  near(Number(loss[1]), 0.5 * (t - o) ** 2, 'E');
  await page.getByTestId('walk-next').click();
  near((await label(page, 'walk-num-1-0'))['δ'], d3, 'the output’s δ');
  // A typed point of one's own; a target that is not a number is refused, the walk stays.
  await page.getByTestId('walk-typed').scrollIntoViewIfNeeded();
  await page.locator('.walk-typed summary').click();
  await page.getByTestId('walk-x1').fill('1');
  await page.getByTestId('walk-x2').fill('-1');
  await page.getByTestId('walk-target').fill('0.9');
  await page.getByTestId('walk-typed').click();
  assert.match(await page.getByTestId('walk-progress').textContent(), /^Step 1 of \d+ — your point \(1, -1\) with target 0\.9$/);
  await page.getByTestId('walk-target').fill('lots');
  await page.getByTestId('walk-typed').click();
  assert.match(await page.getByTestId('notice').textContent(), /That point was not walked/);
  assert.match(await page.getByTestId('walk-progress').textContent(), /your point \(1, -1\)/);
  // Weights typed as a list, the command line's --weights.
  await page.getByTestId('walk-weights').fill('[[[1,2],[3,4]],[[5,6]]]');
  await page.getByTestId('walk-set-weights').click();
  await page.getByTestId('walk-next').click();
  near((await label(page, 'walk-num-0-0')).z, 1 * 1 + 2 * -1, 'z with the typed weights');
  await page.getByTestId('walk-weights').fill('[[[1,2]],[[5,6]]]');
  await page.getByTestId('walk-set-weights').click();
  assert.match(await page.getByTestId('notice').textContent(), /does not fit this network/);
  assert.deepEqual(errors, []);
  await page.close();
});

// Takes the README's screenshots of the course's views and experiments from the release
// build: node tests/e2e/views-screenshots.mjs [dir]. Each is cut to the view itself, or is
// the first screen as a class sees it; ONLY=a,b takes just those.
import { mkdir } from 'node:fs/promises';
import { serve } from './serve.mjs';
import { launch, openPage } from './browser.mjs';
import { TEXTBOOK, waitForEpoch } from './fixture.mjs';

const out = process.argv[2] ?? 'docs';
await mkdir(out, { recursive: true });
const server = await serve(process.env.DIST ?? 'dist');
const browser = await launch();

async function shot(name, hash, act, selector, size = [1280, 900]) {
  if (process.env.ONLY && !process.env.ONLY.split(',').includes(name)) return;
  const { page, errors } = await openPage(browser, server.url + hash);
  await page.setViewportSize({ width: size[0], height: size[1] });
  await page.getByTestId('boundary').waitFor();
  await act(page);
  await page.waitForTimeout(500);
  const target = selector ? page.locator(selector).first() : page;
  await target.screenshot({ path: `${out}/${name}.png` });
  if (errors.length) throw new Error(`${name}: ${errors.join('; ')}`);
  await page.close();
  console.log(`${out}/${name}.png`);
}

async function train(page, epochs, speed = '5') {
  await page.getByTestId('speed').selectOption(speed);
  await page.getByTestId('play').click();
  await waitForEpoch(page, epochs, 120000);
  await page.getByTestId('play').click();
}

const BACKPROP = `#${TEXTBOOK}`;
// The textbook example, one click: the walk-through at a hidden neuron's δ, and its
// numbers on the diagram at the loss.
async function textbook(p, steps) {
  await p.getByTestId('walk-textbook').click();
  for (let i = 0; i < steps; i++) await p.getByTestId('walk-next').click();
}
await shot('walk', BACKPROP, (p) => textbook(p, 6), '.walk-panel');
await shot('walk-diagram', BACKPROP, (p) => textbook(p, 3), '.network-panel');
// The course's example at w5: the right factor, out_h1, and the slide's 0.31 against 0.2896.
await shot('walk-w5', '', async (p) => {
  await p.getByTestId('walk').click();
  await textbook(p, 5);
}, '.walk-panel');
// Early stopping: the whole curve, the stop and the epoch restored.
await shot('early-stopping', '#dataset=gauss&noise=50&train=10&layers=16,16&optimizer=adam&lr=0.03&patience=5', async (p) => {
  await p.getByTestId('play').click();
  await p.getByTestId('notice').filter({ hasText: 'Early stopping' }).waitFor({ timeout: 60000 });
}, '.loss-panel');
await shot('batchnorm', '#dataset=spiral&layers=6,4&activation=relu&batchnorm=on&batch=10&optimizer=adam&lr=0.01', async (p) => {
  await train(p, 40);
  await p.getByTestId('bn-0-2').hover();
}, '.network-panel');
await shot('lessons', '', async (p) => p.getByTestId('lessons-button').click(), '[data-testid=lessons]');
await shot('perceptron', '#lesson=perceptron&dataset=gauss&layers=&lr=0.1', async (p) => {
  for (let i = 0; i < 3; i++) await p.getByTestId('perceptron-pass').click();
  await p.getByTestId('perceptron-step').click();
}, '[data-testid=perceptron]');
await shot('gradients', '#lesson=vanishing&dataset=spiral&layers=8,8,8,8,8,8,8,8&activation=sigmoid&optimizer=sgd&lr=0.1', (p) => train(p, 60), '.chart-panel');
await shot('activations', '#lesson=activations&dataset=spiral&layers=8,8,8&activation=sigmoid&optimizer=adam&lr=0.01', (p) => train(p, 100), '.chart-panel');
await shot('lr-finder', '#lesson=lr-finder&dataset=spiral&layers=8,8&optimizer=adam', async (p) => {
  await p.getByTestId('lr-finder').click();
  await p.getByTestId('lr-suggested').waitFor();
}, '.chart-panel');
// The experiments: runs side by side, their curves, the loss surface, three lessons.
const OPTIMIZERS = '#dataset=spiral&layers=8,8&optimizer=sgd&lr=0.03&compare=optimizer:sgd,momentum,adam';
await shot('compare', OPTIMIZERS, (p) => train(p, 150), '[data-testid=compare]');
await shot('compare-chart', OPTIMIZERS, (p) => train(p, 150), null, [1280, 720]);
await shot('loss-surface', '#lesson=momentum&dataset=spiral&layers=8,8&optimizer=sgd&lr=0.01&compare=optimizer:sgd,momentum,nesterov', async (p) => {
  await p.getByTestId('loss-surface').waitFor();
  await train(p, 200);
  await p.waitForFunction(() => !document.querySelector('[data-testid=surface-progress]'), null, { timeout: 60000 });
}, '.surface-panel');
await shot('lesson-learning-rate', '#lesson=learning-rate&dataset=circle&layers=4,2&optimizer=sgd&compare=lr:0.003,0.3,10', (p) => train(p, 100), null, [1280, 720]);
await shot('lesson-overfitting', '#lesson=overfitting&dataset=circle&noise=40&points=300&train=30&val=20&layers=16,16,16&optimizer=adam&lr=0.01&compare=reg:none,l2,none;regRate:0,0.01,0;dropout:0,0,0.2', (p) => train(p, 400, '25'), null, [1280, 720]);
await shot('lesson-batchnorm', '#lesson=batchnorm&dataset=circle&layers=8,8,8,8,8,8,8,8&activation=sigmoid&optimizer=sgd&lr=0.1&batch=25&compare=batchnorm:off,on', (p) => train(p, 100), null, [1920, 1080]);
await browser.close();
await server.close();

// Takes the README's screenshots of the course's views from the release build:
// node tests/e2e/views-screenshots.mjs [dir]. Each is cut to the view itself; ONLY=a,b
// takes just those.
import { mkdir } from 'node:fs/promises';
import { serve } from './serve.mjs';
import { launch, openPage } from './browser.mjs';

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

async function train(page, epochs) {
  await page.getByTestId('speed').selectOption('5');
  await page.getByTestId('play').click();
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid=epoch]').textContent.replaceAll(',', '')) >= n, epochs, { timeout: 60000 });
  await page.getByTestId('play').click();
}

const BACKPROP = '#lesson=backprop&dataset=xor&features=x1,x2&layers=2&activation=sigmoid&output=sigmoid&bias=off&loss=mse&lr=1&batch=1';
await shot('walk', BACKPROP, async (p) => {
  for (let i = 0; i < 6; i++) await p.getByTestId('walk-next').click();
}, null, [1280, 1300]);
// The walk-through's numbers on the diagram: the lecture's weights typed in, at the loss.
await shot('walk-diagram', BACKPROP, async (p) => {
  const weights = { '0-0-0': 0.1, '0-1-0': 0.2, '0-0-1': 0.3, '0-1-1': 0.4, '1-0-0': 0.5, '1-1-0': 0.6 };
  for (const [link, value] of Object.entries(weights)) {
    await p.getByTestId(`link-${link}`).focus();
    await p.keyboard.press('Enter');
    await p.keyboard.type(String(value));
    await p.keyboard.press('Enter');
  }
  await p.getByTestId('walk-text').click();
  for (let i = 0; i < 3; i++) await p.getByTestId('walk-next').click();
}, '.network-panel');
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
await browser.close();
await server.close();

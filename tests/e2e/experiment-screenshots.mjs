// Takes the README's screenshots of the experiments from the release build:
// node tests/e2e/experiment-screenshots.mjs [dir] — a comparison, the loss surface and
// three lessons as a class sees them.
import { mkdir } from 'node:fs/promises';
import { serve } from './serve.mjs';
import { launch, openPage } from './browser.mjs';

const out = process.argv[2] ?? 'docs';
await mkdir(out, { recursive: true });
const server = await serve(process.env.DIST ?? 'dist');
const browser = await launch();

async function shot(name, hash, act, selector, size = [1280, 720]) {
  const { page, errors } = await openPage(browser, server.url + hash);
  await page.setViewportSize({ width: size[0], height: size[1] });
  await page.getByTestId('boundary').waitFor();
  await act(page);
  await page.waitForTimeout(600);
  const target = selector ? page.locator(selector).first() : page;
  if (selector) await target.scrollIntoViewIfNeeded();
  await target.screenshot({ path: `${out}/${name}.png` });
  if (errors.length) throw new Error(`${name}: ${errors.join('; ')}`);
  await page.close();
  console.log(`${out}/${name}.png`);
}

async function train(page, epochs, speed = '5') {
  await page.getByTestId('speed').selectOption(speed);
  await page.getByTestId('play').click();
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid=epoch]').textContent.replaceAll(',', '')) >= n, epochs, { timeout: 120000 });
  await page.getByTestId('play').click();
}

const OPTIMIZERS = '#dataset=spiral&layers=8,8&optimizer=sgd&lr=0.03&compare=optimizer:sgd,momentum,adam';
await shot('compare', OPTIMIZERS, (p) => train(p, 150), '[data-testid=compare]', [1280, 900]);
await shot('compare-chart', OPTIMIZERS, (p) => train(p, 150), null);
await shot('loss-surface', '#lesson=momentum&dataset=spiral&layers=8,8&optimizer=sgd&lr=0.01&compare=optimizer:sgd,momentum,nesterov', async (p) => {
  await p.getByTestId('loss-surface').waitFor();
  await train(p, 200);
  await p.waitForFunction(() => !document.querySelector('[data-testid=surface-progress]'), null, { timeout: 60000 });
}, '.surface-panel', [1280, 900]);
await shot('lesson-learning-rate', '#lesson=learning-rate&dataset=circle&layers=4,2&optimizer=sgd&compare=lr:0.003,0.3,10', (p) => train(p, 100), null);
await shot('lesson-overfitting', '#lesson=overfitting&dataset=circle&noise=40&points=300&train=30&val=20&layers=16,16,16&optimizer=adam&lr=0.01&compare=reg:none,l2,none;regRate:0,0.01,0;dropout:0,0,0.2', (p) => train(p, 400, '25'), null);
await shot('lesson-batchnorm', '#lesson=batchnorm&dataset=circle&layers=8,8,8,8,8,8,8,8&activation=sigmoid&optimizer=sgd&lr=0.1&batch=25&compare=batchnorm:off,on', (p) => train(p, 100), null, [1920, 1080]);
await browser.close();
await server.close();

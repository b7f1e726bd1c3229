// Takes the README's screenshots from the release build: node tests/e2e/screenshots.mjs [dir]
import { mkdir } from 'node:fs/promises';
import { serve } from './serve.mjs';
import { launch, openPage } from './browser.mjs';
import { waitForEpoch } from './fixture.mjs';

const out = process.argv[2] ?? 'docs';
await mkdir(out, { recursive: true });
const server = await serve(process.env.DIST ?? 'dist');
const browser = await launch();

async function openTouchPage(hash, [width, height]) {
  const page = await browser.newPage({ viewport: { width, height }, hasTouch: true });
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  await page.goto(server.url + hash);
  return { page, errors };
}

async function shot(name, hash, { train = 0, size = [1280, 720], touch = false, fullPage = false, setup } = {}) {
  const { page, errors } = touch ? await openTouchPage(hash, size) : await openPage(browser, server.url + hash);
  await page.setViewportSize({ width: size[0], height: size[1] });
  await page.getByTestId('boundary').waitFor();
  if (setup) await setup(page);
  if (train > 0) {
    await page.getByTestId('speed').selectOption('5');
    await page.getByTestId('play').click();
    await waitForEpoch(page, train, 60000);
    await page.getByTestId('play').click();
  }
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${out}/${name}.png`, fullPage });
  if (errors.length) throw new Error(`${name}: ${errors.join('; ')}`);
  await page.close();
  console.log(`${out}/${name}.png`);
}

await shot('default', '');
await shot('spiral-trained', '#dataset=spiral&layers=16,16&batch=5&train=70&optimizer=adam&lr=0.01', { train: 500 });
await shot('three-classes', '#dataset=spiral&classes=3&layers=12,12&optimizer=adam&lr=0.01&train=70', { train: 400 });
await shot('presentation', '#dataset=spiral&layers=8,8,8&optimizer=adam&lr=0.01&train=70', { train: 300, size: [1920, 1080], setup: (p) => p.getByTestId('presentation').click() });
// One per screen the page is made for.
const DEEP = '#dataset=spiral&layers=16,16,16,16,16,16,16,16&optimizer=adam&lr=0.003&train=70';
await shot('1280x720', DEEP, { train: 100 });
await shot('1920x1080', '#dataset=spiral&layers=8,8,8,8&optimizer=adam&lr=0.01&train=70', { train: 300, size: [1920, 1080] });
await shot('phone', '#dataset=moons&noise=10&layers=4,4&optimizer=adam&lr=0.03', { train: 100, size: [390, 844], touch: true, fullPage: true });
await shot('tablet', '#dataset=xor&layers=4,2&optimizer=adam&lr=0.03', { train: 100, size: [768, 1024], touch: true, fullPage: true });
await shot('tablet-landscape', '#dataset=gauss&noise=20&layers=4,2&optimizer=adam&lr=0.03', { train: 50, size: [1024, 768], touch: true });
await shot('dark', '#dataset=moons&noise=20&layers=6,6&activation=relu&optimizer=adam&lr=0.03', { train: 150, setup: (p) => p.getByTestId('theme').click() });
await browser.close();
await server.close();

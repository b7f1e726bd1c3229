// Every lesson as a room sees it, in presentation mode at 1280×720 and 1920×1080, after
// a few seconds of training: node tests/e2e/stage-screenshots.mjs [dir] (default
// target/stage-shots). ONLY=a,b takes just those lessons. The README keeps a few in docs/.
import { mkdir, readFile } from 'node:fs/promises';
import { serve } from './serve.mjs';
import { launch, openPage } from './browser.mjs';

const out = process.argv[2] ?? 'target/stage-shots';
await mkdir(out, { recursive: true });
const source = await readFile(new URL('../../src/lessons.rs', import.meta.url), 'utf8');
const ids = [...source.matchAll(/^\s*id: "([^"]+)",/gm)].map(([, id]) => id);
const only = process.env.ONLY?.split(',');
const server = await serve(process.env.DIST ?? 'dist');
const browser = await launch();

for (const id of ids.filter((id) => !only || only.includes(id))) {
  for (const [width, height] of [[1280, 720], [1920, 1080]]) {
    const { page, errors } = await openPage(browser, `${server.url}#lesson=${id}&present=1`);
    await page.setViewportSize({ width, height });
    await page.getByTestId('boundary').waitFor();
    await page.getByTestId('play').click();
    await page.waitForTimeout(Number(process.env.SECONDS ?? 4) * 1000);
    const path = `${out}/${id}-${width}x${height}.png`;
    await page.screenshot({ path });
    if (errors.length) throw new Error(`${id}: ${errors.join('; ')}`);
    await page.close();
    console.log(path);
  }
}
await browser.close();
await server.close();

// Merges the benchmark's parts, prints the table (each figure's ratio to the best peer)
// and writes bench/latest.json. Usage: node report.mjs DIR (holding native.json, wasm.json,
// peers.json, browser.json).
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = process.argv[2];
const read = (f) => JSON.parse(readFileSync(join(dir, f), 'utf8'));
const native = read('native.json');
const wasm = read('wasm.json');
const tag = (engine, rows) => rows.map((r) => ({ engine, ...r }));
const results = [
  ...tag('neuroplay-native', native.results),
  ...tag('neuroplay-wasm', wasm.results),
  ...read('peers.json').results,
  ...read('browser.json').results,
];
const PEERS = ['convnetjs', 'brain.js', 'tfjs-wasm', 'tfjs-cpu'];
const TF_PLAYGROUND = { fps: 30, examples: 7000 };
const workloads = ['W1', 'W2', 'W3-W1', 'W3-W2'];
const best = {};
for (const w of workloads) {
  const peers = results.filter((r) => r.workload === w && PEERS.includes(r.engine));
  best[w] = peers.reduce((b, r) => (r.value > (b?.value ?? 0) ? r : b), null);
}
const fmt = (v) => (v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(2));
const value = (engine, w) => results.find((r) => r.engine === engine && r.workload === w)?.value;

const lines = [];
lines.push(`${'engine'.padEnd(17)}${workloads.map((w) => w.padStart(22)).join('')}`);
for (const engine of ['neuroplay-native', 'neuroplay-wasm', ...PEERS]) {
  const cells = workloads.map((w) => {
    const v = value(engine, w);
    if (v === undefined) return '—'.padStart(22);
    const ratio = best[w] ? ` (${(v / best[w].value).toFixed(1)}×)` : '';
    return `${fmt(v)}${ratio}`.padStart(22);
  });
  lines.push(`${engine.padEnd(17)}${cells.join('')}`);
}
lines.push('units: W1, W2 training examples/s; W3 grids/s (100×100 forward); ratios to the best peer');
lines.push(`GEMM 64×64×64 (wasm): ${wasm.gemm_gflops.toFixed(1)} GFLOP/s; f32x4 mul+add peak, same run: ${wasm.peak_gflops.toFixed(1)} GFLOP/s (${((100 * wasm.gemm_gflops) / wasm.peak_gflops).toFixed(0)} %)`);
lines.push(`GEMM 64×64×64 (native, scalar twin as compiled for x86-64): ${native.gemm_gflops.toFixed(1)} GFLOP/s`);
const fps = value('neuroplay-wasm', 'browser-fps');
const ex = value('neuroplay-wasm', 'browser-examples');
const ff = value('neuroplay-wasm', 'browser-first-frame');
lines.push(`browser (default network, full speed, every heatmap redrawn each frame): ${fps.toFixed(1)} frames/s, ${fmt(ex)} examples/s (${(ex / TF_PLAYGROUND.examples).toFixed(0)}× TensorFlow Playground's ≈7,000), first frame ${ff.toFixed(0)} ms after navigation`);

// The page at 1280×720 on the spiral with Adam, for three networks, next to the figures
// issue #9 measured before the diagram was painted outside the reactive graph.
const BEFORE = { '4,2': [60, 60], '8,8,8': [60, 44], '8x16': [11, 9] };
const page = (w) => value('neuroplay-wasm', w);
lines.push('page at 1280×720, spiral, Adam: frames/s (examples/s) — before (issue #9) → now');
lines.push(`${'network'.padEnd(10)}${'1 epoch / frame'.padStart(32)}${'maximum speed'.padStart(34)}`);
for (const net of ['4,2', '8,8,8', '8x16']) {
  const cell = (tag, before) => {
    const fps = page(`page-fps ${net} ${tag}`);
    return fps === undefined ? '—' : `${before} → ${fps.toFixed(1)} fps (${fmt(page(`page-examples ${net} ${tag}`))}/s)`;
  };
  lines.push(`${net.padEnd(10)}${cell('epoch', BEFORE[net][0]).padStart(32)}${cell('max', BEFORE[net][1]).padStart(34)}`);
}
for (const net of ['4,2', '8x16']) {
  const w = `${net} max 10k b1`;
  if (page(`page-fps ${w}`) === undefined) continue;
  lines.push(`${net}, 10,000 points, batch 1, maximum speed: ${page(`page-fps ${w}`).toFixed(1)} fps, ${fmt(page(`page-examples ${w}`))} examples/s; a click on pause answers in ${page(`page-click ${w}`).toFixed(0)} ms (median; slowest ${page(`page-click-worst ${w}`).toFixed(0)} ms), ${page(`page-click-outside ${w}`)?.toFixed(0)} ms as the test driver sees it${net === '8x16' ? ' (before: ≈ 900 ms)' : ''}`);
}

const pageTargets = [
  ['page 8×16 ≥ 55 frames/s at 1 epoch/frame', page('page-fps 8x16 epoch') >= 55, page('page-fps 8x16 epoch')?.toFixed(1)],
  ['page 8×16, 10,000 points, batch 1, max speed ≥ 45 frames/s', page('page-fps 8x16 max 10k b1') >= 45, page('page-fps 8x16 max 10k b1')?.toFixed(1)],
  ['page default network ≈ 60 frames/s at both speeds (≥ 58)', Math.min(page('page-fps 4,2 epoch'), page('page-fps 4,2 max')) >= 58, `${page('page-fps 4,2 epoch')?.toFixed(1)}, ${page('page-fps 4,2 max')?.toFixed(1)}`],
  ['stage: a 3-run comparison of 8,8 networks at 1920×1080 ≥ 55 frames/s', page('stage-fps compare 3x8,8 1920x1080') >= 55, page('stage-fps compare 3x8,8 1920x1080')?.toFixed(1)],
  ['stage: 8×16 in presentation mode at 3840×2160 ≥ 50 frames/s', page('stage-fps 8x16 present 3840x2160') >= 50, page('stage-fps 8x16 present 3840x2160')?.toFixed(1)],
  ['a click answers within 100 ms while training at full speed (slowest of the clicks)', page('page-click-worst 8x16 max 10k b1') <= 100, `${page('page-click-worst 8x16 max 10k b1')?.toFixed(0)} ms`],
];

const targets = [
  ...pageTargets,
  ['W1 training ≥ 10× best peer', value('neuroplay-wasm', 'W1') / best.W1.value >= 10, `${(value('neuroplay-wasm', 'W1') / best.W1.value).toFixed(1)}×`],
  ['W2 training ≥ 500,000 examples/s', value('neuroplay-wasm', 'W2') >= 500000, fmt(value('neuroplay-wasm', 'W2'))],
  ['W2 training ≥ 10× best peer', value('neuroplay-wasm', 'W2') / best.W2.value >= 10, `${(value('neuroplay-wasm', 'W2') / best.W2.value).toFixed(1)}×`],
  ['W3-W1 ≥ 10× best peer', value('neuroplay-wasm', 'W3-W1') / best['W3-W1'].value >= 10, `${(value('neuroplay-wasm', 'W3-W1') / best['W3-W1'].value).toFixed(1)}×`],
  ['W3-W2 ≥ 200 grids/s', value('neuroplay-wasm', 'W3-W2') >= 200, fmt(value('neuroplay-wasm', 'W3-W2'))],
  ['browser ≥ 55 frames/s', fps >= 55, fps.toFixed(1)],
  ['browser ≥ 100× TF Playground examples/s', ex >= 100 * TF_PLAYGROUND.examples, `${(ex / TF_PLAYGROUND.examples).toFixed(0)}×`],
  ['first frame ≤ 1 s', ff <= 1000, `${ff.toFixed(0)} ms`],
];
// The page's budget since the lesson stage (issue #17): 664 KB, what it was then.
if (process.env.WASM_GZ) targets.push(['release .wasm ≤ 664 KB gzipped', Number(process.env.WASM_GZ) <= 664 * 1024, `${(Number(process.env.WASM_GZ) / 1024).toFixed(0)} KB`]);
lines.push('targets:');
for (const [name, met, got] of targets) lines.push(`  ${met ? 'met    ' : 'NOT met'}  ${name}: ${got}`);
console.log(lines.join('\n'));

const out = { results, gemm_gflops: wasm.gemm_gflops, peak_gflops: wasm.peak_gflops };
writeFileSync(join(dirname(fileURLToPath(import.meta.url)), 'latest.json'), JSON.stringify(out, null, 2) + '\n');

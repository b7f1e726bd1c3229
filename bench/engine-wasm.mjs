// Our engine compiled to wasm32 with SIMD, under Node: prints JSON results.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const dir = process.argv[2] ?? '../target/bench-wasm';
const engine = require(`${dir}/neuroplay_bench_wasm.js`);
const repeats = Number(process.env.REPEATS ?? 5);
const ms = Number(process.env.MIN_MS ?? 300);
const now = () => performance.now();

const results = [];
for (const w of ['W1', 'W2']) results.push({ workload: w, value: engine.train_rate(w, repeats, ms, now), unit: 'examples/s' });
for (const w of ['W1', 'W2']) results.push({ workload: `W3-${w}`, value: engine.grids_rate(w, repeats, ms, now), unit: 'grids/s' });
console.log(JSON.stringify({ results, gemm_gflops: engine.gemm(repeats, ms, now), peak_gflops: engine.peak(repeats, ms, now) }));

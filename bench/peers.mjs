// The JavaScript peers on the same workloads, each used the way its documentation shows.
// Usage: node peers.mjs DATA.json  → one JSON object of results on stdout.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const data = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const REPEATS = Number(process.env.REPEATS ?? 5);
const MIN_MS = Number(process.env.MIN_MS ?? 300);
const WORKLOADS = { W1: { hidden: [8, 8], batch: 10 }, W2: { hidden: [64, 64, 64], batch: 32 } };
const n = data.x.length;

/** Median rate (units per second) of `work`, which returns the units it did. */
async function median(work) {
  const rates = [];
  for (let r = 0; r < REPEATS; r++) {
    const start = performance.now();
    let units = 0;
    let dt = 0;
    do {
      units += await work();
      dt = performance.now() - start;
    } while (dt < MIN_MS);
    rates.push((units / dt) * 1000);
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)];
}

const results = [];
const record = (engine, workload, value, unit) => {
  results.push({ engine, workload, value, unit });
  console.error(`${engine.padEnd(10)} ${workload.padEnd(6)} ${value.toFixed(1)} ${unit}`);
};

// convnetjs: fc layers with tanh, a 2-class softmax (its logistic output), SGD trainer.
{
  const convnetjs = require('convnetjs');
  const make = (hidden) => {
    const layers = [{ type: 'input', out_sx: 1, out_sy: 1, out_depth: 2 }];
    for (const h of hidden) layers.push({ type: 'fc', num_neurons: h, activation: 'tanh' });
    layers.push({ type: 'softmax', num_classes: 2 });
    const net = new convnetjs.Net();
    net.makeLayers(layers);
    return net;
  };
  const xs = data.x.map((p) => new convnetjs.Vol(p));
  const grid = data.grid.map((p) => new convnetjs.Vol(p));
  for (const [name, w] of Object.entries(WORKLOADS)) {
    const net = make(w.hidden);
    const trainer = new convnetjs.Trainer(net, { method: 'sgd', learning_rate: 0.03, batch_size: w.batch, momentum: 0, l2_decay: 0 });
    record('convnetjs', name, await median(() => {
      for (let i = 0; i < n; i++) trainer.train(xs[i], data.y[i]);
      return n;
    }), 'examples/s');
    record('convnetjs', `W3-${name}`, await median(() => {
      for (const v of grid) net.forward(v);
      return 1;
    }), 'grids/s');
  }
}

// brain.js: NeuralNetwork with tanh; it trains one example at a time (no minibatches).
{
  const brain = require('brain.js');
  const rows = data.x.map((p, i) => ({ input: p, output: [data.y[i]] }));
  for (const [name, w] of Object.entries(WORKLOADS)) {
    const net = new brain.NeuralNetwork({ hiddenLayers: w.hidden, activation: 'tanh', learningRate: 0.03 });
    net.train(rows, { iterations: 1, learningRate: 0.03, errorThresh: 1e-9 });
    record('brain.js', name, await median(() => {
      net.train(rows, { iterations: 5, learningRate: 0.03, errorThresh: 1e-9, log: false });
      return 5 * n;
    }), 'examples/s');
    record('brain.js', `W3-${name}`, await median(() => {
      for (const p of data.grid) net.run(p);
      return 1;
    }), 'grids/s');
  }
}

// TensorFlow.js: a sequential model compiled with SGD and binary cross-entropy, trained
// with model.fit; the grid with model.predict. Once on the wasm backend, once on cpu.
{
  const tf = require('@tensorflow/tfjs');
  const wasm = require('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(join(here, 'node_modules/@tensorflow/tfjs-backend-wasm/dist/'));
  for (const backend of ['wasm', 'cpu']) {
    await tf.setBackend(backend);
    await tf.ready();
    const xs = tf.tensor2d(data.x);
    const ys = tf.tensor2d(data.y.map((v) => [v]));
    const grid = tf.tensor2d(data.grid);
    for (const [name, w] of Object.entries(WORKLOADS)) {
      const model = tf.sequential();
      w.hidden.forEach((h, i) => model.add(tf.layers.dense({ units: h, activation: 'tanh', ...(i === 0 ? { inputShape: [2] } : {}) })));
      model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
      model.compile({ optimizer: tf.train.sgd(0.03), loss: 'binaryCrossentropy' });
      const epochs = name === 'W1' ? 5 : 2;
      record(`tfjs-${backend}`, name, await median(async () => {
        await model.fit(xs, ys, { epochs, batchSize: w.batch, shuffle: true, verbose: 0 });
        return epochs * n;
      }), 'examples/s');
      record(`tfjs-${backend}`, `W3-${name}`, await median(() => {
        const out = model.predict(grid);
        out.dataSync();
        out.dispose();
        return 1;
      }), 'grids/s');
      model.dispose();
    }
    xs.dispose();
    ys.dispose();
    grid.dispose();
  }
}

console.log(JSON.stringify({ results }));

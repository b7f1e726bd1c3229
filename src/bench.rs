//! The speed benchmark's workloads, shared by the native run and the WebAssembly run
//! (`bench/run`). Timing is the caller's: pass a clock in milliseconds.

use crate::config::Settings;
use crate::engine::kernels::{self, Active};
use crate::engine::{Matrix, Network, Trainer};
use crate::viz::Grid;

/// A benchmark network: the 500-point spiral, 250 for training, tanh hidden layers,
/// a sigmoid output, plain SGD at 0.03.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Workload {
    /// 2→8→8→1, minibatch 10: the size students use.
    W1,
    /// 2→64→64→64→1, minibatch 32.
    W2,
}

impl Workload {
    /// Both workloads.
    pub const ALL: [Workload; 2] = [Workload::W1, Workload::W2];

    /// "W1" or "W2".
    pub fn name(self) -> &'static str {
        match self {
            Workload::W1 => "W1",
            Workload::W2 => "W2",
        }
    }

    /// The settings string of the workload.
    pub fn settings(self) -> Settings {
        let s = match self {
            Workload::W1 => "dataset=spiral&points=500&train=50&layers=8,8&activation=tanh&loss=bce&optimizer=sgd&lr=0.03&batch=10",
            Workload::W2 => "dataset=spiral&points=500&train=50&layers=64,64,64&activation=tanh&loss=bce&optimizer=sgd&lr=0.03&batch=32",
        };
        Settings::parse(s).expect("benchmark settings are valid")
    }

    /// A fresh trainer.
    pub fn trainer(self) -> Trainer {
        self.settings().trainer().expect("benchmark settings build")
    }

    /// The workload's network and the 100×100 grid (W3) it is evaluated on.
    pub fn grid(self) -> (Network, Matrix) {
        let t = self.trainer();
        (t.network().clone(), Grid::new(100).inputs(&self.settings().features))
    }
}

/// Runs `work` (which returns the units it did) until `min_ms` have passed, `repeats`
/// times; returns the median rate in units per second.
pub fn median_rate(repeats: usize, min_ms: f64, now: &dyn Fn() -> f64, mut work: impl FnMut() -> f64) -> f64 {
    let mut rates: Vec<f64> = (0..repeats.max(1))
        .map(|_| {
            let start = now();
            let mut units = 0.0;
            loop {
                units += work();
                let dt = now() - start;
                if dt >= min_ms {
                    return units / dt * 1000.0;
                }
            }
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    rates[rates.len() / 2]
}

/// Training examples per second.
pub fn training_rate(w: Workload, repeats: usize, min_ms: f64, now: &dyn Fn() -> f64) -> f64 {
    let mut t = w.trainer();
    let n = t.train_set().len() as f64;
    // Train on the same data throughout, without evaluating: the peers only train too.
    median_rate(repeats, min_ms, now, || {
        while !t.step() {}
        n
    })
}

/// Grid evaluations (100×100 points, one batch) per second.
pub fn grid_rate(w: Workload, repeats: usize, min_ms: f64, now: &dyn Fn() -> f64) -> f64 {
    let (mut net, grid) = w.grid();
    median_rate(repeats, min_ms, now, || {
        net.infer(&grid);
        1.0
    })
}

/// GFLOP/s of the engine's forward GEMM on 64×64×64.
pub fn gemm_gflops(repeats: usize, min_ms: f64, now: &dyn Fn() -> f64) -> f64 {
    let n = 64;
    let a: Vec<f32> = (0..n * n).map(|i| (i % 7) as f32 * 0.1).collect();
    let b: Vec<f32> = (0..n * n).map(|i| (i % 5) as f32 * 0.1).collect();
    let mut c = vec![0.0f32; n * n];
    let flops = 2.0 * (n * n * n) as f64;
    median_rate(repeats, min_ms, now, || {
        kernels::gemm_bias::<Active>(n, n, n, &a, &b, None, &mut c);
        flops
    }) / 1e9
}

/// GFLOP/s of a multiply-add loop with independent accumulators: what the hardware
/// (f32x4 on wasm) can do at best, measured in the same run as the rest.
pub fn peak_gflops(repeats: usize, min_ms: f64, now: &dyn Fn() -> f64) -> f64 {
    let iters = 100_000;
    median_rate(repeats, min_ms, now, || {
        let sink = kernels::peak_probe(iters);
        std::hint::black_box(sink);
        kernels::PEAK_FLOPS_PER_ITER * iters as f64
    }) / 1e9
}

//! Batch normalization as a step: each neuron's sums normalised by the batch's mean and
//! variance while training (by running averages of them otherwise), then scaled by γ and
//! shifted by β, then the neurons' activation.

use super::neurons::{activate, Neurons, Upstream};
use super::{Pass, Step};
use crate::engine::matrix::Matrix;
use std::ops::Range;

/// ε under batch normalization's square root.
pub const NORM_EPSILON: f32 = 1e-5;
/// How much of each training batch's statistics the running averages take in.
pub const NORM_MOMENTUM: f32 = 0.1;

/// Running averages of a normalised layer's batch means and variances, used outside
/// training (for the grid, the test set, a single example).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Running {
    /// The running mean, one per neuron.
    pub mean: Vec<f32>,
    /// The running (unbiased) variance, one per neuron.
    pub var: Vec<f32>,
}

impl Running {
    /// Mean 0 and variance 1 for `m` neurons: the start.
    pub fn new(m: usize) -> Self {
        Running { mean: vec![0.0; m], var: vec![1.0; m] }
    }
}

/// Batch normalization of the previous step's sums u: x̂ = (u − μ)/√(σ² + ε),
/// s = γ·x̂ + β (the neurons' sums), y = f(s). Its buffers grow once and are reused.
#[derive(Clone, Debug)]
pub struct BatchNorm {
    /// Where the scales γ then the shifts β sit in the flat parameter vector.
    pub norm: Range<usize>,
    /// The running averages inference uses.
    pub running: Running,
    neurons: Neurons,
    /// x̂ of the last forward pass.
    xhat: Matrix,
    /// 1/√(σ² + ε) per neuron of the last forward pass.
    inv: Vec<f32>,
    /// The last forward pass normalised by its batch's statistics (training).
    batch_stats: bool,
    /// The mean and variance the last forward pass normalised with.
    mean: Vec<f32>,
    var: Vec<f32>,
    /// Σ γ·δ and Σ γ·δ·x̂ per neuron in the backward pass.
    sum_d: Vec<f32>,
    sum_dx: Vec<f32>,
    /// 1/√(σ² + ε) from the running variance, for an inference's blocks.
    running_inv: Vec<f32>,
}

impl BatchNorm {
    /// Normalization of `m` neurons with γ and β at `norm` (2·m long), starting from
    /// [`Running::new`], writing into `neurons`.
    pub fn new(m: usize, norm: Range<usize>, neurons: Neurons) -> Self {
        assert_eq!(norm.len(), 2 * m, "batch normalization: γ and β take two values per neuron");
        let running = Running::new(m);
        let (xhat, inv, mean, var, sum_d, sum_dx, running_inv) = Default::default();
        BatchNorm { norm, running, neurons, xhat, inv, batch_stats: false, mean, var, sum_d, sum_dx, running_inv }
    }

    /// The number of neurons normalised.
    pub fn width(&self) -> usize {
        self.norm.len() / 2
    }

    /// μ and σ² of the batch `u` (rows of `m`), and 1/√(σ² + ε); the running averages take
    /// in a share of them (a batch of one says nothing about the spread, so not from it).
    fn batch_statistics(&mut self, rows: usize, u: &[f32]) {
        let m = self.width();
        let n = rows.max(1) as f32;
        zeroed(&mut self.mean, m);
        u.chunks_exact(m).for_each(|row| self.mean.iter_mut().zip(row).for_each(|(a, v)| *a += v));
        self.mean.iter_mut().for_each(|a| *a /= n);
        zeroed(&mut self.var, m);
        let mean = &self.mean;
        u.chunks_exact(m).for_each(|row| self.var.iter_mut().zip(row).zip(mean).for_each(|((a, v), mu)| *a += (v - mu) * (v - mu)));
        self.var.iter_mut().for_each(|a| *a /= n);
        if rows > 1 {
            let unbiased = n / (n - 1.0);
            let r = &mut self.running;
            for j in 0..m {
                r.mean[j] += NORM_MOMENTUM * (self.mean[j] - r.mean[j]);
                r.var[j] += NORM_MOMENTUM * (self.var[j] * unbiased - r.var[j]);
            }
        }
        inverse_std(&self.var, &mut self.inv);
    }
}

/// `v` as `m` zeros, reusing its allocation.
fn zeroed(v: &mut Vec<f32>, m: usize) {
    v.clear();
    v.resize(m, 0.0);
}

/// 1/√(σ² + ε) for each variance, into `inv`.
fn inverse_std(var: &[f32], inv: &mut Vec<f32>) {
    inv.clear();
    inv.extend(var.iter().map(|v| 1.0 / (v + NORM_EPSILON).sqrt()));
}

/// x̂ = (u − μ)·inv and s = γ·x̂ + β, column by column (`m` columns), with the given μ
/// and inv = 1/√(σ² + ε). Forward and inference share it, so they agree bit for bit.
fn normalize(m: usize, u: &[f32], mean: &[f32], inv: &[f32], norm: &[f32], xhat: &mut [f32], s: &mut [f32]) {
    let (gamma, beta) = norm.split_at(m);
    for ((ur, xr), sr) in u.chunks_exact(m).zip(xhat.chunks_exact_mut(m)).zip(s.chunks_exact_mut(m)) {
        for j in 0..m {
            xr[j] = (ur[j] - mean[j]) * inv[j];
            sr[j] = gamma[j] * xr[j] + beta[j];
        }
    }
}

impl Step for BatchNorm {
    /// γ, then β.
    fn owns(&self) -> Range<usize> {
        self.norm.clone()
    }

    fn forward(&mut self, params: &[f32], x: &Matrix, pass: &mut Pass<'_>) {
        let (n, m) = (x.rows(), self.width());
        let u = x.as_slice();
        self.batch_stats = pass.training;
        if pass.training {
            self.batch_statistics(n, u);
        } else {
            self.mean.clone_from(&self.running.mean);
            inverse_std(&self.running.var, &mut self.inv);
        }
        self.xhat.reshape(n, m);
        let n_ = &mut self.neurons;
        n_.shape(n, m);
        normalize(m, u, &self.mean, &self.inv, &params[self.norm.clone()], self.xhat.as_mut_slice(), n_.sums.as_mut_slice());
        activate(n_.activation, n_.softmax, m, n_.sums.as_slice(), n_.outputs.as_mut_slice());
        n_.drop_out(pass.rng.as_deref_mut());
    }

    fn infer_start(&mut self, rows: usize) {
        self.neurons.inferred.reshape(rows, self.width());
        inverse_std(&self.running.var, &mut self.running_inv);
    }

    fn infer_block(&mut self, params: &[f32], x: &[f32], start: usize, rows: usize, scratch: &mut [f32]) {
        let m = self.width();
        let (xhat, rest) = scratch.split_at_mut(rows * m);
        let s = &mut rest[..rows * m];
        normalize(m, x, &self.running.mean, &self.running_inv, &params[self.norm.clone()], xhat, s);
        let n_ = &mut self.neurons;
        let y = &mut n_.inferred.as_mut_slice()[start * m..(start + rows) * m];
        activate(n_.activation, n_.softmax, m, s, y);
    }

    /// From δ = ∂L/∂s to ∂L/∂γ = Σ δ·x̂ and ∂L/∂β = Σ δ, and back as ∂L/∂u. With the
    /// batch's statistics every row's x̂ depends on the whole batch:
    /// ∂L/∂u = inv/n · (n·d − Σd − x̂·Σ(d·x̂)), d = γ·δ; with running averages, γ·inv·δ.
    fn backward(&mut self, params: &[f32], grads: &mut [f32], up: Upstream<'_>, _scratch: &mut Vec<f32>) {
        let m = self.width();
        let gamma = &params[self.norm.start..self.norm.start + m];
        let (g_gamma, g_beta) = grads[self.norm.clone()].split_at_mut(m);
        let (delta, xhat) = (self.neurons.delta.as_slice(), self.xhat.as_slice());
        zeroed(&mut self.sum_d, m);
        zeroed(&mut self.sum_dx, m);
        for (dr, xr) in delta.chunks_exact(m).zip(xhat.chunks_exact(m)) {
            for j in 0..m {
                g_beta[j] += dr[j];
                g_gamma[j] += dr[j] * xr[j];
                self.sum_d[j] += gamma[j] * dr[j];
                self.sum_dx[j] += gamma[j] * dr[j] * xr[j];
            }
        }
        let Some(mut back) = up.back else { return };
        let rows = delta.len() / m.max(1);
        let n = rows.max(1) as f32;
        let (inv, sum_d, sum_dx) = (&self.inv, &self.sum_d, &self.sum_dx);
        let du = back.delta(rows, m);
        for ((ur, dr), xr) in du.chunks_exact_mut(m).zip(delta.chunks_exact(m)).zip(xhat.chunks_exact(m)) {
            for j in 0..m {
                let d = gamma[j] * dr[j];
                ur[j] = if self.batch_stats { inv[j] / n * (n * d - sum_d[j] - xr[j] * sum_dx[j]) } else { inv[j] * d };
            }
        }
        back.finish(false);
    }

    fn neurons(&self) -> &Neurons {
        &self.neurons
    }

    fn neurons_mut(&mut self) -> &mut Neurons {
        &mut self.neurons
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::activation::Activation;
    use crate::engine::rng::Rng;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn random(rng: &mut Rng, n: usize, lo: f32, hi: f32) -> Vec<f32> {
        (0..n).map(|_| rng.uniform(lo, hi)).collect()
    }

    /// L = Σ g·y of one forward pass of a copy of `step` (so the running averages of
    /// the original do not move).
    fn objective(step: &BatchNorm, params: &[f32], u: &Matrix, g: &[f32], training: bool) -> f64 {
        let mut s = step.clone();
        s.forward(params, u, &mut Pass { training, rng: None });
        s.neurons().activations().as_slice().iter().zip(g).map(|(y, g)| *y as f64 * *g as f64).sum()
    }

    #[test]
    fn the_step_backward_matches_finite_differences_on_its_own() {
        let (n, m) = (6, 3);
        let mut rng = Rng::new(4);
        let u = Matrix::from_vec(n, m, random(&mut rng, n * m, -2.0, 2.0));
        let g = random(&mut rng, n * m, -1.0, 1.0);
        let mut params = random(&mut rng, m, 0.5, 1.5);
        params.extend(random(&mut rng, m, -0.5, 0.5));
        for (training, act) in [(true, Activation::Linear), (false, Activation::Linear), (true, Activation::Tanh)] {
            let mut step = BatchNorm::new(m, 0..2 * m, Neurons::new(act, false, 0.0));
            step.running = Running { mean: vec![0.3, -0.2, 0.1], var: vec![0.5, 1.5, 2.0] };
            let fresh = step.clone();
            step.forward(&params, &u, &mut Pass { training, rng: None });
            // δ = ∂L/∂s: g through the activation's slope, as the next step would send it.
            let y = step.neurons().activations().as_slice().to_vec();
            let delta: Vec<f32> = g.iter().zip(&y).map(|(g, y)| if act == Activation::Tanh { g * (1.0 - y * y) } else { *g }).collect();
            *step.neurons_mut().delta_mut() = Matrix::from_vec(n, m, delta);
            let mut before = Neurons::sums_only();
            before.sums = u.clone();
            let mut grads = vec![0.0; 2 * m];
            step.backward(&params, &mut grads, before.upstream(), &mut Vec::new());
            let h = 1e-2f32;
            let close = |analytic: f32, up: f64, down: f64, what: String| {
                let num = (up - down) / (2.0 * h as f64);
                assert!((analytic as f64 - num).abs() < 2e-3 * (1.0 + num.abs()), "{what} (training {training}): {analytic} vs {num}");
            };
            for i in 0..2 * m {
                let (mut up, mut down) = (params.clone(), params.clone());
                up[i] += h;
                down[i] -= h;
                close(grads[i], objective(&fresh, &up, &u, &g, training), objective(&fresh, &down, &u, &g, training), format!("γβ {i}"));
            }
            for i in 0..n * m {
                let (mut up, mut down) = (u.clone(), u.clone());
                up.as_mut_slice()[i] += h;
                down.as_mut_slice()[i] -= h;
                let (a, b) = (objective(&fresh, &params, &up, &g, training), objective(&fresh, &params, &down, &g, training));
                close(before.delta().as_slice()[i], a, b, format!("∂L/∂u {i}"));
            }
        }
    }
}

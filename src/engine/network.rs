//! A stack of dense layers trained by backpropagation, one minibatch matrix at a time.
//!
//! The network is a list of [steps](super::steps): a dense step per layer, and a batch
//! normalization step after it where the layer is normalised. Each step owns its state
//! and its ranges of the one flat parameter vector; the passes below only walk the list.

mod config;
mod layers;
#[cfg(test)]
mod tests;

pub use super::steps::{NORM_EPSILON, NORM_MOMENTUM};
pub use config::{NetworkConfig, MAX_HIDDEN_LAYERS, MAX_IO, MAX_NEURONS};

use super::layer::Dense;
use super::matrix::Matrix;
use super::rng::Rng;
use super::steps::{AnyStep, Neurons, Pass, Step, Upstream};

/// A feed-forward network: steps whose parameters live in one flat vector (so an
/// optimizer sees only `params` and `grads`), with buffers reused across batches.
#[derive(Clone, Debug)]
pub struct Network {
    config: NetworkConfig,
    /// The layers' layout in the flat parameter vector, as callers index it.
    layers: Vec<Dense>,
    /// The steps a batch goes through, input side first.
    steps: Vec<AnyStep>,
    /// For each layer, the step whose neurons are the layer's outputs.
    ends: Vec<usize>,
    params: Vec<f32>,
    grads: Vec<f32>,
    /// The inputs of the last forward pass (the first step's backward reads them).
    input: Matrix,
    /// Room for a transposed weight matrix in the backward pass.
    scratch: Vec<f32>,
    /// One block's intermediates in `infer` (never needed after the block).
    block: Vec<f32>,
    /// Whether [`deltas`](Self::deltas) shows the steps' δ.
    keep_deltas: bool,
}

/// Rows per block in [`Network::infer`]: 64 rows of a 64-neuron layer are 16 KB, so a
/// block's input, sums and activations fit a 48 KB L1 data cache together; wider layers
/// spill to L2.
pub const INFER_BLOCK: usize = 64;

impl Network {
    /// A network from its layout, its steps (with the step ending each layer) and its
    /// parameters.
    fn from_parts(config: NetworkConfig, layers: Vec<Dense>, steps: Vec<AnyStep>, ends: Vec<usize>, params: Vec<f32>) -> Self {
        let grads = vec![0.0; params.len()];
        let (input, scratch, block) = Default::default();
        Network { config, layers, steps, ends, params, grads, input, scratch, block, keep_deltas: false }
    }

    /// The configuration the network was built from.
    pub fn config(&self) -> &NetworkConfig {
        &self.config
    }

    /// The layers, input side first; the last one is the output layer.
    pub fn layers(&self) -> &[Dense] {
        &self.layers
    }

    /// The steps a batch goes through, input side first.
    pub fn steps(&self) -> &[AnyStep] {
        &self.steps
    }

    /// All weights and biases, layer after layer.
    pub fn params(&self) -> &[f32] {
        &self.params
    }

    /// All weights and biases, mutable (the optimizer's side of the link).
    pub fn params_mut(&mut self) -> &mut [f32] {
        &mut self.params
    }

    /// The gradient of the last [`backward`](Self::backward), same layout as `params`.
    pub fn grads(&self) -> &[f32] {
        &self.grads
    }

    /// Parameters and gradients at once, for an optimizer step.
    pub fn params_and_grads(&mut self) -> (&mut [f32], &[f32]) {
        (&mut self.params, &self.grads)
    }

    /// Replaces all parameters (e.g. restoring the best epoch's weights).
    pub fn set_params(&mut self, params: &[f32]) {
        assert_eq!(params.len(), self.params.len(), "set_params: wrong number of parameters");
        self.params.copy_from_slice(params);
    }

    /// The neurons that are layer `l`'s outputs.
    fn neurons(&self, l: usize) -> &Neurons {
        self.steps[self.ends[l]].neurons()
    }

    /// The activations of layer `l` (neurons in columns) from the last forward pass;
    /// for the output layer, the predictions.
    pub fn activations(&self, l: usize) -> &Matrix {
        self.neurons(l).activations()
    }

    /// The weighted sums of layer `l` from the last forward pass (under batch
    /// normalization, the normalised sums γ·x̂ + β the activation takes).
    pub fn weighted_sums(&self, l: usize) -> &Matrix {
        self.neurons(l).sums()
    }

    /// Keeps (or stops keeping) every layer's δ = ∂L/∂z of the backward pass, for
    /// [`deltas`](Self::deltas). Off by default: training does not need them.
    pub fn keep_deltas(&mut self, keep: bool) {
        self.keep_deltas = keep;
    }

    /// δ = ∂L/∂z of layer `l` (neurons in columns) from the last backward pass, with
    /// [`keep_deltas`](Self::keep_deltas) on; an empty matrix otherwise.
    pub fn deltas(&self, l: usize) -> &Matrix {
        static EMPTY: Matrix = Matrix::empty();
        if self.keep_deltas {
            self.neurons(l).delta()
        } else {
            &EMPTY
        }
    }

    /// The activations of layer `l` from the last [`infer`](Self::infer) (neurons in
    /// columns); for the output layer, the predictions.
    pub fn inferred(&self, l: usize) -> &Matrix {
        self.neurons(l).inferred()
    }

    /// The penalty term of the loss for the current weights.
    pub fn penalty(&self) -> f32 {
        let c = &self.config;
        self.layers.iter().map(|l| c.regularization.penalty(c.reg_rate, &self.params[l.weights.clone()])).sum()
    }

    /// Runs a batch (one example per row) through the network and returns the
    /// predictions. With `dropout` given (training), hidden neurons are dropped with
    /// the configured probability and the survivors scaled by 1/(1−p), and batch
    /// normalization uses the batch's own statistics.
    #[inline(never)]
    pub fn forward(&mut self, x: &Matrix, dropout: Option<&mut Rng>) -> &Matrix {
        assert_eq!(x.cols(), self.config.inputs, "forward: {} input columns for a network with {} inputs", x.cols(), self.config.inputs);
        self.input.reshape(x.rows(), x.cols());
        self.input.as_mut_slice().copy_from_slice(x.as_slice());
        let mut pass = Pass { training: dropout.is_some(), rng: dropout };
        for i in 0..self.steps.len() {
            let (before, rest) = self.steps.split_at_mut(i);
            let x = before.last().map_or(&self.input, |s| s.neurons().output());
            rest[0].forward(&self.params, x, &mut pass);
        }
        self.neurons(self.layers.len() - 1).activations()
    }

    /// Predictions for many rows at once, such as the grid under a decision boundary:
    /// no dropout, and the rows go through all steps in blocks of [`INFER_BLOCK`], so
    /// each block's intermediate results stay in the cache and no weighted sums are kept.
    /// Every layer's activations are kept (see [`inferred`](Self::inferred)); the state
    /// of [`forward`](Self::forward) and [`backward`](Self::backward) is left untouched.
    pub fn infer(&mut self, x: &Matrix) -> &Matrix {
        assert_eq!(x.cols(), self.config.inputs, "infer: {} input columns for a network with {} inputs", x.cols(), self.config.inputs);
        let n = x.rows();
        let widest = self.layers.iter().map(|l| l.outputs).max().unwrap_or(1);
        // Grow only, so no inference after the first allocates.
        if self.block.len() < 2 * INFER_BLOCK * widest {
            self.block.resize(2 * INFER_BLOCK * widest, 0.0);
        }
        self.steps.iter_mut().for_each(|s| s.infer_start(n));
        for start in (0..n).step_by(INFER_BLOCK) {
            let rows = INFER_BLOCK.min(n - start);
            for i in 0..self.steps.len() {
                let (before, rest) = self.steps.split_at_mut(i);
                let prev = before.last().map_or(x, |s| s.neurons().inferred());
                let k = prev.cols();
                let prev = &prev.as_slice()[start * k..(start + rows) * k];
                rest[0].infer_block(&self.params, prev, start, rows, &mut self.block);
            }
        }
        self.inferred(self.layers.len() - 1)
    }

    /// The mean data loss of the last forward pass against `targets` (no penalty).
    pub fn loss(&self, targets: &Matrix) -> f32 {
        let out = self.neurons(self.layers.len() - 1);
        self.config.loss.evaluate(self.config.output, out.sums(), out.activations(), targets, None)
    }

    /// Backpropagation through the last forward pass: fills [`grads`](Self::grads)
    /// with ∂(mean loss + penalty)/∂params and returns the mean data loss.
    pub fn backward(&mut self, targets: &Matrix) -> f32 {
        self.backpropagate(targets);
        self.loss(targets)
    }

    /// [`backward`](Self::backward) without computing the loss's value (training steps
    /// need only the gradient).
    #[inline(never)]
    pub fn backpropagate(&mut self, targets: &Matrix) {
        let c = &self.config;
        let out = self.steps.last_mut().expect("a network has an output layer").neurons_mut();
        let (prediction, delta) = out.prediction_and_delta();
        c.loss.gradient(c.output, prediction, targets, delta);
        self.grads.fill(0.0);
        for i in (0..self.steps.len()).rev() {
            let (before, rest) = self.steps.split_at_mut(i);
            let up = before.last_mut().map_or_else(|| Upstream::input(&self.input), |s| s.neurons_mut().upstream());
            rest[0].backward(&self.params, &mut self.grads, up, &mut self.scratch);
        }
        for layer in &self.layers {
            let r = layer.weights.clone();
            c.regularization.add_gradient(c.reg_rate, &self.params[r.clone()], &mut self.grads[r]);
        }
    }

    /// Predictions for a batch without dropout, as a fresh matrix.
    pub fn predict(&mut self, x: &Matrix) -> Matrix {
        self.forward(x, None).clone()
    }
}

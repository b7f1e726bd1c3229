//! A fully connected step: z = x·W + b, then the neurons' activation.

use super::neurons::{activate, Neurons, Upstream};
use super::{Pass, Step};
use crate::engine::activation::Activation;
use crate::engine::kernels::{col_sums_acc, gemm_nt, gemm_post, gemm_tn_acc, Active, Post};
use crate::engine::layer::Dense;
use crate::engine::matrix::Matrix;
use std::ops::Range;

/// A dense layer as a step: its place in the flat parameters and its neurons. Its
/// activation is fused into the product's store where a kernel has it (tanh, σ, ReLU),
/// and its slope into the next step's backward product.
#[derive(Clone, Debug)]
pub struct DenseStep {
    /// Sizes, activation and where the weights and biases sit.
    pub layout: Dense,
    neurons: Neurons,
}

impl DenseStep {
    /// A step with the given layout whose outputs are `neurons`.
    pub fn new(layout: Dense, neurons: Neurons) -> Self {
        DenseStep { layout, neurons }
    }
}

/// z = x·W + b for `rows` rows of `x`, then y = f(z): fused into the store for tanh, σ
/// and ReLU, after it for the rest (then softmax, on a softmax output). Without an
/// activation only `z` is written.
#[allow(clippy::too_many_arguments)]
fn product(layout: &Dense, act: Option<Activation>, softmax: bool, params: &[f32], rows: usize, x: &[f32], z: &mut [f32], y: &mut [f32]) {
    let (k, m) = (layout.inputs, layout.outputs);
    let w = &params[layout.weights.clone()];
    let b = Some(&params[layout.biases.clone()]).filter(|b| !b.is_empty());
    let post = match act {
        None => Post::None,
        Some(Activation::Tanh) => Post::Tanh(y),
        Some(Activation::Sigmoid) => Post::Sigmoid(y),
        Some(Activation::Relu) => Post::Relu(y),
        Some(_) => {
            gemm_post::<Active>(rows, k, m, x, w, b, z, Post::None);
            activate(act, softmax, m, z, y);
            return;
        }
    };
    gemm_post::<Active>(rows, k, m, x, w, b, z, post);
}

impl Step for DenseStep {
    /// The weights, then the biases.
    fn owns(&self) -> Range<usize> {
        self.layout.weights.start..self.layout.biases.end
    }

    fn forward(&mut self, params: &[f32], x: &Matrix, pass: &mut Pass<'_>) {
        let n = x.rows();
        let n_ = &mut self.neurons;
        n_.shape(n, self.layout.outputs);
        let (act, softmax) = (n_.activation, n_.softmax);
        product(&self.layout, act, softmax, params, n, x.as_slice(), n_.sums.as_mut_slice(), n_.outputs.as_mut_slice());
        n_.drop_out(pass.rng.as_deref_mut());
    }

    fn infer_start(&mut self, rows: usize) {
        self.neurons.inferred.reshape(rows, self.layout.outputs);
    }

    fn infer_block(&mut self, params: &[f32], x: &[f32], start: usize, rows: usize, scratch: &mut [f32]) {
        let m = self.layout.outputs;
        let n_ = &mut self.neurons;
        let y = &mut n_.inferred.as_mut_slice()[start * m..(start + rows) * m];
        match n_.activation {
            // The sums are the outputs: straight into place.
            None => product(&self.layout, None, false, params, rows, x, y, &mut []),
            act => product(&self.layout, act, n_.softmax, params, rows, x, &mut scratch[..rows * m], y),
        }
    }

    fn backward(&mut self, params: &[f32], grads: &mut [f32], up: Upstream<'_>, scratch: &mut Vec<f32>) {
        let layout = &self.layout;
        let (k, m) = (layout.inputs, layout.outputs);
        let delta = &self.neurons.delta;
        let n = delta.rows();
        // ∂L/∂W = xᵀ · δ, ∂L/∂b = Σ_rows δ.
        gemm_tn_acc::<Active>(n, k, m, up.x.as_slice(), delta.as_slice(), &mut grads[layout.weights.clone()]);
        if !layout.biases.is_empty() {
            col_sums_acc::<Active>(n, m, delta.as_slice(), &mut grads[layout.biases.clone()]);
        }
        if let Some(mut back) = up.back {
            // δ_prev = (δ · Wᵀ) ⊙ f′(z_prev) ⊙ mask; tanh′ and σ′ (read from the previous
            // step's outputs) are fused into the product's store.
            let post = back.fused();
            let w = &params[layout.weights.clone()];
            gemm_nt::<Active>(n, k, m, delta.as_slice(), w, back.delta(n, k), scratch, post);
            back.finish(true);
        }
    }

    fn neurons(&self) -> &Neurons {
        &self.neurons
    }

    fn neurons_mut(&mut self) -> &mut Neurons {
        &mut self.neurons
    }
}

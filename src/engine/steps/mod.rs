//! The steps a batch goes through in a network, one after another: each holds its own
//! state (its place in the flat parameter vector, its neurons, its caches) and does its
//! own forward pass, blocked inference and backward pass. A new kind of layer is a new
//! step type implementing [`Step`] and a variant of [`AnyStep`]; the network's passes only
//! walk the list.

mod dense;
mod neurons;
mod norm;

pub use dense::DenseStep;
pub use neurons::{Back, Neurons, Upstream};
pub use norm::{BatchNorm, Running, NORM_EPSILON, NORM_MOMENTUM};

use super::matrix::Matrix;
use super::rng::Rng;
use std::ops::Range;

/// How a forward pass runs: training (batch normalization by the batch's own statistics)
/// or not, and the random stream dropout draws from (none: nothing is dropped).
pub struct Pass<'a> {
    /// A training pass.
    pub training: bool,
    /// Dropout's random stream.
    pub rng: Option<&'a mut Rng>,
}

/// What every step of a network does. Parameters and gradients are the network's flat
/// vectors; each step reads and writes only its own ranges of them.
pub trait Step {
    /// The step's range of the flat parameter vector (and of the gradient): all it reads
    /// of the parameters and all it writes of the gradient.
    fn owns(&self) -> Range<usize>;

    /// Runs a batch `x` (one example per row) forward into the step's neurons, keeping
    /// what the backward pass needs.
    fn forward(&mut self, params: &[f32], x: &Matrix, pass: &mut Pass<'_>);

    /// Readies the step's inferred outputs for `rows` rows before an inference's blocks.
    fn infer_start(&mut self, rows: usize);

    /// One block of an inference: `x` holds rows `start..start + rows` of the step's input,
    /// and the outputs go to the same rows of the neurons' inferred outputs. `scratch`
    /// holds at least 2·rows·(the step's width) values, for the block's intermediates.
    fn infer_block(&mut self, params: &[f32], x: &[f32], start: usize, rows: usize, scratch: &mut [f32]);

    /// The backward pass through the step: its neurons' δ = ∂L/∂z is complete; adds the
    /// gradient of its parameters into `grads` and sends δ back through `up`. `scratch`
    /// is room any step may reuse (a transposed matrix).
    fn backward(&mut self, params: &[f32], grads: &mut [f32], up: Upstream<'_>, scratch: &mut Vec<f32>);

    /// The step's neurons.
    fn neurons(&self) -> &Neurons;

    /// The step's neurons, mutable.
    fn neurons_mut(&mut self) -> &mut Neurons;
}

/// Any step, as one cloneable value.
#[derive(Clone, Debug)]
pub enum AnyStep {
    /// See [`DenseStep`].
    Dense(DenseStep),
    /// See [`BatchNorm`].
    Norm(BatchNorm),
}

/// Calls the same method on whichever step `$step` holds.
macro_rules! each {
    ($step:expr, $s:ident => $call:expr) => {
        match $step {
            AnyStep::Dense($s) => $call,
            AnyStep::Norm($s) => $call,
        }
    };
}

impl AnyStep {
    /// The kind of step, for a reader: "dense" or "batchnorm".
    pub fn name(&self) -> &'static str {
        match self {
            AnyStep::Dense(_) => "dense",
            AnyStep::Norm(_) => "batchnorm",
        }
    }
}

impl Step for AnyStep {
    fn owns(&self) -> Range<usize> {
        each!(self, s => s.owns())
    }

    fn forward(&mut self, params: &[f32], x: &Matrix, pass: &mut Pass<'_>) {
        each!(self, s => s.forward(params, x, pass))
    }

    fn infer_start(&mut self, rows: usize) {
        each!(self, s => s.infer_start(rows))
    }

    fn infer_block(&mut self, params: &[f32], x: &[f32], start: usize, rows: usize, scratch: &mut [f32]) {
        each!(self, s => s.infer_block(params, x, start, rows, scratch))
    }

    fn backward(&mut self, params: &[f32], grads: &mut [f32], up: Upstream<'_>, scratch: &mut Vec<f32>) {
        each!(self, s => s.backward(params, grads, up, scratch))
    }

    fn neurons(&self) -> &Neurons {
        each!(self, s => s.neurons())
    }

    fn neurons_mut(&mut self) -> &mut Neurons {
        each!(self, s => s.neurons_mut())
    }
}

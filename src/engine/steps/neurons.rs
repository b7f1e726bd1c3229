//! A step's neurons: what they hold after a pass (sums, activations, the dropout mask,
//! δ, the inferred outputs), and the way back into them in the backward pass.

use crate::engine::activation::Activation;
use crate::engine::kernels::{sigmoid_slope, tanh_slope, Active, Kernels, Post};
use crate::engine::loss::Output;
use crate::engine::matrix::Matrix;
use crate::engine::rng::Rng;

/// The neurons a step writes: the sums z, their activations y = f(z) (softmax across
/// each row on a softmax output), the dropout mask and the dropped activations of a
/// training pass, δ = ∂L/∂z of the last backward pass, and the last inference's outputs.
#[derive(Clone, Debug, Default)]
pub struct Neurons {
    /// The activation of the sums; `None` when the sums pass on as they are (a product
    /// that batch normalization follows).
    pub(super) activation: Option<Activation>,
    /// Softmax across each row after the activation (the output layer's rule).
    pub(super) softmax: bool,
    /// The probability of dropping each neuron while training (0: never).
    pub(super) dropout: f32,
    pub(super) sums: Matrix,
    pub(super) outputs: Matrix,
    pub(super) mask: Matrix,
    pub(super) dropped: Matrix,
    /// The last forward pass dropped neurons (so the next step read `dropped`).
    pub(super) dropping: bool,
    pub(super) delta: Matrix,
    pub(super) inferred: Matrix,
}

impl Neurons {
    /// Neurons with an activation (and softmax after it if asked), dropped with
    /// probability `dropout` while training.
    pub fn new(activation: Activation, softmax: bool, dropout: f32) -> Self {
        Neurons { activation: Some(activation), softmax, dropout, ..Neurons::default() }
    }

    /// Neurons whose outputs are their sums: no activation, never dropped.
    pub fn sums_only() -> Self {
        Neurons::default()
    }

    /// The activation of the sums (`None`: the outputs are the sums).
    pub fn activation(&self) -> Option<Activation> {
        self.activation
    }

    /// The sums of the last forward pass (neurons in columns).
    pub fn sums(&self) -> &Matrix {
        &self.sums
    }

    /// The activations of the last forward pass, before dropout.
    pub fn activations(&self) -> &Matrix {
        if self.activation.is_some() {
            &self.outputs
        } else {
            &self.sums
        }
    }

    /// What the next step read in the last forward pass: the activations, dropped out
    /// and rescaled when the pass dropped neurons.
    pub fn output(&self) -> &Matrix {
        if self.dropping {
            &self.dropped
        } else {
            self.activations()
        }
    }

    /// The dropped-out activations of the last training pass (empty or stale without
    /// dropout).
    pub fn dropped(&self) -> &Matrix {
        &self.dropped
    }

    /// δ = ∂L/∂z of the last backward pass.
    pub fn delta(&self) -> &Matrix {
        &self.delta
    }

    /// Mutable δ: where the loss's gradient starts the backward pass.
    pub fn delta_mut(&mut self) -> &mut Matrix {
        &mut self.delta
    }

    /// The activations (the predictions, on the output layer) and δ at once: where the
    /// loss's gradient starts the backward pass.
    pub fn prediction_and_delta(&mut self) -> (&Matrix, &mut Matrix) {
        let y = if self.activation.is_some() { &self.outputs } else { &self.sums };
        (y, &mut self.delta)
    }

    /// The outputs of the last inference.
    pub fn inferred(&self) -> &Matrix {
        &self.inferred
    }

    /// Shapes the forward pass's buffers for `rows` rows of `cols` neurons.
    pub(super) fn shape(&mut self, rows: usize, cols: usize) {
        self.sums.reshape(rows, cols);
        if self.activation.is_some() {
            self.outputs.reshape(rows, cols);
        }
    }

    /// Inverted dropout after a forward pass: with a random stream (training) and a
    /// dropout probability p, each activation is kept with probability 1 − p and scaled
    /// by 1/(1 − p), else zeroed; the next step reads the result.
    pub(super) fn drop_out(&mut self, rng: Option<&mut Rng>) {
        self.dropping = false;
        let Some(rng) = rng.filter(|_| self.dropout > 0.0) else { return };
        self.dropping = true;
        let keep = 1.0 - self.dropout;
        let (rows, cols) = (self.sums.rows(), self.sums.cols());
        self.mask.reshape(rows, cols);
        self.mask.as_mut_slice().iter_mut().for_each(|v| *v = if rng.chance(keep) { 1.0 / keep } else { 0.0 });
        self.dropped.reshape(rows, cols);
        let y = if self.activation.is_some() { &self.outputs } else { &self.sums };
        for ((dv, yv), mv) in self.dropped.as_mut_slice().iter_mut().zip(y.as_slice()).zip(self.mask.as_slice()) {
            *dv = yv * mv;
        }
    }

    /// These neurons as the step after them sees them going back: what it read, and
    /// where its ∂L/∂(these outputs) goes.
    pub fn upstream(&mut self) -> Upstream<'_> {
        let Neurons { activation, sums, outputs, mask, dropped, dropping, delta, .. } = self;
        let y = if activation.is_some() { &*outputs } else { &*sums };
        let x = if *dropping { &*dropped } else { y };
        let back =
            Back { delta, activation: *activation, sums: sums.as_slice(), outputs: y.as_slice(), mask: dropping.then(|| mask.as_slice()) };
        Upstream { x, back: Some(back) }
    }
}

/// y = f(s), then softmax across each row (rows of `cols`) if asked, for sums `s` not
/// activated in a product's store, with the same kernels as the fused paths; without an
/// activation, y = s.
pub(super) fn activate(activation: Option<Activation>, softmax: bool, cols: usize, s: &[f32], y: &mut [f32]) {
    let Some(act) = activation else { return y.copy_from_slice(s) };
    match act {
        Activation::Tanh => Active::tanh(s, y),
        Activation::Sigmoid => Active::sigmoid(s, y),
        Activation::Relu => Active::relu(s, y),
        _ => y.iter_mut().zip(s).for_each(|(yv, &sv)| *yv = act.apply(sv)),
    }
    if softmax {
        y.chunks_exact_mut(cols).for_each(|row| Output::Softmax.apply_row(row));
    }
}

/// What a step's backward pass sees of what came before it: the matrix it read going
/// forward, and the way back into the step before (none for the network's inputs).
pub struct Upstream<'a> {
    /// The step's input in the last forward pass.
    pub x: &'a Matrix,
    /// Where ∂L/∂x goes, through the previous step's activation and mask.
    pub back: Option<Back<'a>>,
}

impl<'a> Upstream<'a> {
    /// The network's inputs: read, but needing no gradient.
    pub fn input(x: &'a Matrix) -> Self {
        Upstream { x, back: None }
    }
}

/// The way back into a step's neurons: δ is written as ∂L/∂(their outputs) and
/// [`finish`](Back::finish) turns it into ∂L/∂(their sums), through the dropout mask and
/// the activation's slope.
pub struct Back<'a> {
    delta: &'a mut Matrix,
    activation: Option<Activation>,
    sums: &'a [f32],
    outputs: &'a [f32],
    mask: Option<&'a [f32]>,
}

impl<'a> Back<'a> {
    /// δ shaped `rows × cols`, for the writer to fill with ∂L/∂(outputs).
    pub fn delta(&mut self, rows: usize, cols: usize) -> &mut [f32] {
        self.delta.reshape(rows, cols);
        self.delta.as_mut_slice()
    }

    /// The part of the slope a product can fuse into its store (tanh′ and σ′, read
    /// from the outputs); the rest is [`finish`](Self::finish)'s.
    pub fn fused(&self) -> Post<'a> {
        let y: &'a [f32] = self.outputs;
        match self.activation {
            Some(Activation::Tanh) => Post::TanhSlope(y),
            Some(Activation::Sigmoid) => Post::SigmoidSlope(y),
            _ => Post::None,
        }
    }

    /// Finishes δ as ∂L/∂(sums): the slope (all of it, or without the part a product
    /// fused when `fused`), then the dropout mask. One loop per activation, so each
    /// vectorises.
    pub fn finish(self, fused: bool) {
        let d = self.delta.as_mut_slice();
        let (zs, ys) = (self.sums, self.outputs);
        match self.activation {
            None | Some(Activation::Linear) => {}
            Some(Activation::Tanh | Activation::Sigmoid) if fused => {}
            Some(Activation::Tanh) => d.iter_mut().zip(ys).for_each(|(d, &y)| *d = tanh_slope(*d, y)),
            Some(Activation::Sigmoid) => d.iter_mut().zip(ys).for_each(|(d, &y)| *d = sigmoid_slope(*d, y)),
            Some(Activation::Relu) => d.iter_mut().zip(zs).for_each(|(d, &z)| *d = if z > 0.0 { *d } else { 0.0 }),
            Some(act) => d.iter_mut().zip(zs).zip(ys).for_each(|((d, &z), &y)| *d *= act.derivative(z, y)),
        }
        if let Some(mask) = self.mask {
            d.iter_mut().zip(mask).for_each(|(d, mv)| *d *= mv);
        }
    }
}

//! One layer of a network, and the single-neuron models a course starts with.

use super::activation::{sigmoid, Activation};
use super::matrix::Matrix;
use std::ops::Range;

/// A fully connected layer's layout: `z = x·W + b`, then an activation, with `W` stored
/// `inputs × outputs` row-major inside the network's flat parameter vector. The network's
/// [`DenseStep`](super::steps::DenseStep) (and its batch normalization step) run it.
#[derive(Clone, Debug, PartialEq)]
pub struct Dense {
    /// Number of inputs (neurons of the previous layer, or input features).
    pub inputs: usize,
    /// Number of neurons.
    pub outputs: usize,
    /// The element-wise activation (the output layer uses `Linear`; its
    /// [`Output`](super::loss::Output) is applied by the network).
    pub activation: Activation,
    /// Where this layer's weights sit in the flat parameter vector.
    pub weights: Range<usize>,
    /// Where this layer's biases sit in the flat parameter vector (empty without biases,
    /// and under batch normalization, whose shift β takes their place).
    pub biases: Range<usize>,
    /// Batch normalization's scales γ then shifts β, one of each per neuron (empty for a
    /// layer without it).
    pub norm: Range<usize>,
}

impl Dense {
    /// The flat index of the weight from input `i` to neuron `j`.
    pub fn weight_index(&self, i: usize, j: usize) -> usize {
        assert!(i < self.inputs && j < self.outputs, "weight ({i},{j}) outside a {}×{} layer", self.inputs, self.outputs);
        self.weights.start + i * self.outputs + j
    }
}

/// Rosenblatt's perceptron: a step of a weighted sum, trained by the perceptron rule
/// `w ← w + η (y − ŷ) x`, which changes the weights only on mistakes.
#[derive(Clone, Debug, PartialEq)]
pub struct Perceptron {
    /// One weight per input.
    pub weights: Vec<f32>,
    /// The bias (a weight on a constant input of 1).
    pub bias: f32,
}

impl Perceptron {
    /// A perceptron with `inputs` zero weights and zero bias.
    pub fn new(inputs: usize) -> Self {
        Perceptron { weights: vec![0.0; inputs], bias: 0.0 }
    }

    /// The weighted sum z = w·x + b.
    pub fn net_input(&self, x: &[f32]) -> f32 {
        assert_eq!(x.len(), self.weights.len(), "perceptron: wrong number of inputs");
        self.weights.iter().zip(x).map(|(w, v)| w * v).sum::<f32>() + self.bias
    }

    /// The class, 0 or 1: the step of the weighted sum.
    pub fn predict(&self, x: &[f32]) -> f32 {
        Activation::Step.apply(self.net_input(x))
    }

    /// The perceptron rule on one example with label `y` (0 or 1): the weights move by
    /// η·(y − ŷ)·x and the bias by η·(y − ŷ), which is nothing when the answer was right.
    /// Returns every number of the step, for a view that writes it out.
    pub fn step(&mut self, x: &[f32], y: f32, learning_rate: f32) -> PerceptronStep {
        let (weights, bias) = (self.weights.clone(), self.bias);
        let net = self.net_input(x);
        let predicted = Activation::Step.apply(net);
        let error = y - predicted;
        if error != 0.0 {
            for (w, v) in self.weights.iter_mut().zip(x) {
                *w += learning_rate * error * v;
            }
            self.bias += learning_rate * error;
        }
        PerceptronStep { weights, bias, net, predicted, error }
    }

    /// One pass of the perceptron rule over the rows of `xs` (labels 0 or 1, in order).
    /// Returns the number of mistakes made during the pass.
    pub fn train_epoch(&mut self, xs: &Matrix, labels: &[f32], learning_rate: f32) -> usize {
        assert_eq!(xs.rows(), labels.len(), "perceptron: one label per row");
        labels.iter().enumerate().filter(|&(i, &y)| self.step(xs.row(i), y, learning_rate).error != 0.0).count()
    }
}

/// One step of the perceptron rule, with its numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct PerceptronStep {
    /// The weights before the step.
    pub weights: Vec<f32>,
    /// The bias before the step.
    pub bias: f32,
    /// z = w·x + b.
    pub net: f32,
    /// ŷ = step(z).
    pub predicted: f32,
    /// y − ŷ: 0 when right, ±1 on a mistake.
    pub error: f32,
}

/// A single sigmoid neuron (logistic regression), trained by gradient descent on
/// binary cross-entropy: the perceptron made differentiable.
#[derive(Clone, Debug, PartialEq)]
pub struct SigmoidNeuron {
    /// One weight per input.
    pub weights: Vec<f32>,
    /// The bias.
    pub bias: f32,
}

impl SigmoidNeuron {
    /// A neuron with `inputs` zero weights and zero bias.
    pub fn new(inputs: usize) -> Self {
        SigmoidNeuron { weights: vec![0.0; inputs], bias: 0.0 }
    }

    /// The probability of class 1: σ(w·x + b).
    pub fn predict(&self, x: &[f32]) -> f32 {
        assert_eq!(x.len(), self.weights.len(), "neuron: wrong number of inputs");
        sigmoid(self.weights.iter().zip(x).map(|(w, v)| w * v).sum::<f32>() + self.bias)
    }

    /// One full-batch gradient step on the mean binary cross-entropy; returns the loss
    /// before the step. ∂L/∂w = mean((ŷ − y)·x), ∂L/∂b = mean(ŷ − y).
    pub fn train_step(&mut self, xs: &Matrix, labels: &[f32], learning_rate: f32) -> f32 {
        assert_eq!(xs.rows(), labels.len(), "neuron: one label per row");
        let n = labels.len().max(1) as f32;
        let mut gw = vec![0.0f32; self.weights.len()];
        let (mut gb, mut loss) = (0.0f32, 0.0f32);
        for (i, &y) in labels.iter().enumerate() {
            let x = xs.row(i);
            let p = self.predict(x);
            loss -= y * p.max(1e-7).ln() + (1.0 - y) * (1.0 - p).max(1e-7).ln();
            let e = p - y;
            gw.iter_mut().zip(x).for_each(|(g, v)| *g += e * v);
            gb += e;
        }
        for (w, g) in self.weights.iter_mut().zip(&gw) {
            *w -= learning_rate * g / n;
        }
        self.bias -= learning_rate * gb / n;
        loss / n
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn truth_table() -> Matrix {
        Matrix::from_rows(&[vec![0.0, 0.0], vec![0.0, 1.0], vec![1.0, 0.0], vec![1.0, 1.0]])
    }

    #[test]
    fn a_perceptron_step_writes_out_the_rule() {
        let mut p = Perceptron { weights: vec![0.5, -1.0], bias: 0.25 };
        // z = 0.5·2 − 1·1 + 0.25 = 0.25 ≥ 0, so ŷ = 1; the label is 0: a mistake.
        let s = p.step(&[2.0, 1.0], 0.0, 0.1);
        assert_eq!((s.net, s.predicted, s.error), (0.25, 1.0, -1.0));
        assert_eq!((s.weights.clone(), s.bias), (vec![0.5, -1.0], 0.25));
        assert_eq!(p.weights, vec![0.5 - 0.2, -1.0 - 0.1]);
        assert!((p.bias - 0.15).abs() < 1e-7);
        // Now z = 0.3·2 − 1.1 + 0.15 = −0.35 < 0: right, nothing moves.
        let s = p.step(&[2.0, 1.0], 0.0, 0.1);
        assert_eq!(s.error, 0.0);
        assert_eq!(p.weights, vec![0.5 - 0.2, -1.0 - 0.1]);
    }

    #[test]
    fn perceptron_rule_by_hand() {
        // From zero weights, x = (1, 1), y = 1: step(0) = 1 is already right, no change.
        // x = (1, 0), y = 0: predicted 1, so w −= η·x, b −= η.
        let mut p = Perceptron::new(2);
        let xs = Matrix::from_rows(&[vec![1.0, 1.0], vec![1.0, 0.0]]);
        let mistakes = p.train_epoch(&xs, &[1.0, 0.0], 0.5);
        assert_eq!(mistakes, 1);
        assert_eq!(p.weights, vec![-0.5, 0.0]);
        assert_eq!(p.bias, -0.5);
    }

    #[test]
    fn perceptron_learns_and_and_or_but_never_xor() {
        let xs = truth_table();
        for labels in [[0.0, 0.0, 0.0, 1.0], [0.0, 1.0, 1.0, 1.0]] {
            let mut p = Perceptron::new(2);
            let converged = (0..100).any(|_| p.train_epoch(&xs, &labels, 0.1) == 0);
            assert!(converged, "linearly separable {labels:?} must converge");
            for (i, &label) in labels.iter().enumerate() {
                assert_eq!(p.predict(xs.row(i)), label);
            }
        }
        let mut p = Perceptron::new(2);
        let xor = [0.0, 1.0, 1.0, 0.0];
        assert!((0..1000).all(|_| p.train_epoch(&xs, &xor, 0.1) > 0), "no line separates XOR");
    }

    #[test]
    fn sigmoid_neuron_learns_or_with_falling_loss() {
        let xs = truth_table();
        let labels = [0.0, 1.0, 1.0, 1.0];
        let mut n = SigmoidNeuron::new(2);
        let first = n.train_step(&xs, &labels, 1.0);
        assert!((first - std::f32::consts::LN_2).abs() < 1e-6, "zero weights predict 0.5 everywhere");
        let mut last = first;
        for _ in 0..500 {
            last = n.train_step(&xs, &labels, 1.0);
        }
        assert!(last < 0.1, "loss {last}");
        for (i, &label) in labels.iter().enumerate() {
            assert_eq!((n.predict(xs.row(i)) > 0.5) as u8 as f32, label);
        }
    }
}

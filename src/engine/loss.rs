//! Losses and the output layer they pair with, each with its gradient.
//!
//! The network's last layer produces raw scores `z` (logits). An [`Output`] turns them
//! into predictions; a [`Loss`] compares predictions with targets. Gradients are taken
//! with respect to `z`, so the stable fused forms (sigmoid + binary cross-entropy,
//! softmax + cross-entropy) never divide by a probability that rounded to zero.

use super::activation::{sigmoid, softmax_backward_in_place, softmax_in_place};
use super::matrix::Matrix;

/// How the last layer's scores become predictions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Output {
    /// Predictions are the scores (regression).
    Identity,
    /// One output, the probability of class 1.
    Sigmoid,
    /// tanh of the scores: between −1 and 1 (a textbook output unit, trained on squared
    /// error; for two classes it aims at the label 0 or 1).
    Tanh,
    /// K outputs, the probability of each class.
    Softmax,
}

impl Output {
    /// Turns one example's scores into predictions, in place.
    pub fn apply_row(self, row: &mut [f32]) {
        match self {
            Output::Identity => {}
            Output::Sigmoid => row.iter_mut().for_each(|v| *v = sigmoid(*v)),
            Output::Tanh => row.iter_mut().for_each(|v| *v = v.tanh()),
            Output::Softmax => softmax_in_place(row),
        }
    }
}

/// A loss function, averaged over the examples of a batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Loss {
    /// Mean squared error: per example ½‖ŷ − y‖² (the ½ makes the gradient ŷ − y).
    Mse,
    /// Binary cross-entropy −[y ln ŷ + (1−y) ln(1−ŷ)], computed from the logit.
    BinaryCrossEntropy,
    /// Cross-entropy −Σₖ yₖ ln ŷₖ of a softmax over K classes (one-hot targets).
    SoftmaxCrossEntropy,
}

impl Loss {
    /// Every loss, in the order the UI lists them.
    pub const ALL: [Loss; 3] = [Loss::Mse, Loss::BinaryCrossEntropy, Loss::SoftmaxCrossEntropy];

    /// The name used in settings strings.
    pub fn name(self) -> &'static str {
        match self {
            Loss::Mse => "mse",
            Loss::BinaryCrossEntropy => "bce",
            Loss::SoftmaxCrossEntropy => "xent",
        }
    }

    /// Parses a settings name.
    pub fn from_name(s: &str) -> Option<Loss> {
        Loss::ALL.into_iter().find(|l| l.name() == s)
    }

    /// Mean loss of a batch given the scores `z` (n × outputs), the matching predictions
    /// `pred` (what `output` makes of `z`) and `targets` (n × outputs). If `grad` is given
    /// it receives ∂(mean loss)/∂z.
    pub fn evaluate(self, output: Output, z: &Matrix, pred: &Matrix, targets: &Matrix, grad: Option<&mut Matrix>) -> f32 {
        if let Some(g) = grad {
            self.gradient(output, pred, targets, g);
        }
        self.value(z, pred, targets)
    }

    /// Mean loss of a batch (see [`evaluate`](Self::evaluate)).
    pub fn value(self, z: &Matrix, pred: &Matrix, targets: &Matrix) -> f32 {
        assert_eq!(z.rows(), targets.rows(), "loss: scores and targets have different numbers of rows");
        assert_eq!(z.cols(), targets.cols(), "loss: scores and targets have different widths");
        assert_eq!(z.rows(), pred.rows());
        let n = z.rows().max(1);
        let mut total = 0.0f64;
        for i in 0..z.rows() {
            let (zr, pr, tr) = (z.row(i), pred.row(i), targets.row(i));
            let l: f32 = match self {
                Loss::Mse => pr.iter().zip(tr).map(|(p, t)| 0.5 * (p - t) * (p - t)).sum(),
                // max(z,0) − z·y + ln(1 + e^−|z|) equals the textbook form without overflow.
                Loss::BinaryCrossEntropy => zr.iter().zip(tr).map(|(&zv, &t)| zv.max(0.0) - zv * t + (-zv.abs()).exp().ln_1p()).sum(),
                Loss::SoftmaxCrossEntropy => {
                    // −Σ yₖ ln softmaxₖ(z) = Σ yₖ (logsumexp(z) − zₖ).
                    let max = zr.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                    let lse = max + zr.iter().map(|v| (v - max).exp()).sum::<f32>().ln();
                    zr.iter().zip(tr).map(|(zv, t)| t * (lse - zv)).sum()
                }
            };
            total += l as f64;
        }
        (total / n as f64) as f32
    }

    /// ∂(mean loss)/∂z into `grad`, from the predictions alone: training needs no
    /// logarithm or exponential here, the fused pairs make it ŷ − y.
    #[inline(never)]
    pub fn gradient(self, output: Output, pred: &Matrix, targets: &Matrix, grad: &mut Matrix) {
        assert_eq!(pred.rows(), targets.rows(), "loss: predictions and targets have different numbers of rows");
        assert_eq!(pred.cols(), targets.cols(), "loss: predictions and targets have different widths");
        let inv_n = 1.0 / pred.rows().max(1) as f32;
        grad.reshape(pred.rows(), pred.cols());
        for ((g, p), t) in grad.as_mut_slice().iter_mut().zip(pred.as_slice()).zip(targets.as_slice()) {
            *g = (p - t) * inv_n;
        }
        if self == Loss::Mse {
            // ∂L/∂ŷ so far; through the output's own derivative to ∂L/∂z.
            match output {
                Output::Identity => {}
                Output::Sigmoid => grad.as_mut_slice().iter_mut().zip(pred.as_slice()).for_each(|(g, p)| *g *= p * (1.0 - p)),
                Output::Tanh => grad.as_mut_slice().iter_mut().zip(pred.as_slice()).for_each(|(g, p)| *g *= 1.0 - p * p),
                Output::Softmax => {
                    for i in 0..pred.rows() {
                        softmax_backward_in_place(pred.row(i), grad.row_mut(i));
                    }
                }
            }
        }
    }

    /// The output layer this loss needs, if it needs a particular one.
    /// Binary cross-entropy works on a sigmoid, softmax cross-entropy on a softmax.
    pub fn required_output(self) -> Option<Output> {
        match self {
            Loss::Mse => None,
            Loss::BinaryCrossEntropy => Some(Output::Sigmoid),
            Loss::SoftmaxCrossEntropy => Some(Output::Softmax),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn predict(output: Output, z: &Matrix) -> Matrix {
        let mut p = z.clone();
        for i in 0..p.rows() {
            output.apply_row(p.row_mut(i));
        }
        p
    }

    fn check_gradient(loss: Loss, output: Output, z: Matrix, targets: Matrix) {
        let mut grad = Matrix::default();
        let pred = predict(output, &z);
        loss.evaluate(output, &z, &pred, &targets, Some(&mut grad));
        let value = |zz: &Matrix| loss.evaluate(output, zz, &predict(output, zz), &targets, None) as f64;
        for i in 0..z.rows() {
            for j in 0..z.cols() {
                let h = 1e-2f32;
                let (mut zp, mut zm) = (z.clone(), z.clone());
                zp.set(i, j, z.get(i, j) + h);
                zm.set(i, j, z.get(i, j) - h);
                let num = (value(&zp) - value(&zm)) / (2.0 * h as f64);
                let ana = grad.get(i, j) as f64;
                assert!((ana - num).abs() < 1e-3 * (1.0 + num.abs()), "{loss:?}/{output:?} at ({i},{j}): {ana} vs {num}");
            }
        }
    }

    #[test]
    fn mse_gradient_matches_finite_differences_for_every_output() {
        let z = Matrix::from_rows(&[vec![0.3, -1.2, 2.0], vec![-0.5, 0.1, 0.7]]);
        let t = Matrix::from_rows(&[vec![1.0, 0.0, 0.0], vec![0.0, 0.0, 1.0]]);
        for out in [Output::Identity, Output::Sigmoid, Output::Tanh, Output::Softmax] {
            check_gradient(Loss::Mse, out, z.clone(), t.clone());
        }
    }

    #[test]
    fn cross_entropy_gradients_match_finite_differences() {
        let z = Matrix::from_rows(&[vec![2.5], vec![-1.0], vec![0.2]]);
        let t = Matrix::from_rows(&[vec![1.0], vec![1.0], vec![0.0]]);
        check_gradient(Loss::BinaryCrossEntropy, Output::Sigmoid, z, t);
        let z = Matrix::from_rows(&[vec![0.3, -1.2, 2.0, 0.0], vec![-0.5, 0.1, 0.7, 1.5]]);
        let t = Matrix::from_rows(&[vec![0.0, 1.0, 0.0, 0.0], vec![0.0, 0.0, 0.0, 1.0]]);
        check_gradient(Loss::SoftmaxCrossEntropy, Output::Softmax, z, t);
    }

    #[test]
    fn known_values_and_stability() {
        // BCE at z = 0 is ln 2 whatever the label.
        let z = Matrix::from_rows(&[vec![0.0], vec![0.0]]);
        let t = Matrix::from_rows(&[vec![1.0], vec![0.0]]);
        let l = Loss::BinaryCrossEntropy.evaluate(Output::Sigmoid, &z, &predict(Output::Sigmoid, &z), &t, None);
        assert!((l - std::f32::consts::LN_2).abs() < 1e-6);
        // A confident wrong answer costs about |z|, finite, not infinity.
        let z = Matrix::from_rows(&[vec![-200.0]]);
        let t = Matrix::from_rows(&[vec![1.0]]);
        let l = Loss::BinaryCrossEntropy.evaluate(Output::Sigmoid, &z, &predict(Output::Sigmoid, &z), &t, None);
        assert!((l - 200.0).abs() < 1e-3);
        // Uniform softmax over 4 classes: ln 4.
        let z = Matrix::from_rows(&[vec![5.0, 5.0, 5.0, 5.0]]);
        let t = Matrix::from_rows(&[vec![0.0, 0.0, 1.0, 0.0]]);
        let l = Loss::SoftmaxCrossEntropy.evaluate(Output::Softmax, &z, &predict(Output::Softmax, &z), &t, None);
        assert!((l - 4f32.ln()).abs() < 1e-6);
        // MSE: ½((0.5−1)² + (2−0)²)/1 = 2.125.
        let z = Matrix::from_rows(&[vec![0.5, 2.0]]);
        let t = Matrix::from_rows(&[vec![1.0, 0.0]]);
        let l = Loss::Mse.evaluate(Output::Identity, &z, &z, &t, None);
        assert!((l - 2.125).abs() < 1e-6);
    }
}

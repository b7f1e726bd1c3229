//! Stochastic gradient descent: p ← p − η·g.

use super::{check_lengths, AnyOptimizer, Optimizer, Spec};

/// Settings of plain SGD: there are none besides the rate each step is given
/// (TensorFlow Playground starts at η = 0.03).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SgdConfig;

impl SgdConfig {
    /// The optimizer for `n` parameters.
    pub fn init(self, n: usize) -> Sgd {
        Sgd { n }
    }
}

/// Plain SGD: no state at all. With a batch of 1 it is per-example SGD.
#[derive(Clone, Debug)]
pub struct Sgd {
    n: usize,
}

impl Optimizer for Sgd {
    fn step(&mut self, lr: f32, params: &mut [f32], grads: &[f32]) {
        check_lengths(params, grads, self.n);
        for (p, g) in params.iter_mut().zip(grads) {
            *p -= lr * g;
        }
    }
}

/// Plain SGD as the settings know it: nothing to set besides the rate.
pub const SGD: Spec = Spec { name: "sgd", label: "SGD", hyperparameters: &[], build: |_, n| AnyOptimizer::of(SgdConfig.init(n)) };

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn first_steps_by_hand() {
        // η = 0.1: p −= 0.1·g, by hand from START and GRADS.
        run(0.1, SgdConfig.init(3), [[0.49, -0.98, 1.97], [0.495, -1.02, 1.97], [0.475, -1.03, 2.0]]);
    }
}

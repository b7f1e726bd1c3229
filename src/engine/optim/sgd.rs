//! Stochastic gradient descent: p ← p − η·g.

use super::{check_lengths, Optimizer};

/// Settings of plain SGD.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SgdConfig {
    /// η; default 0.03 (TensorFlow Playground's).
    pub learning_rate: f32,
}

impl Default for SgdConfig {
    fn default() -> Self {
        SgdConfig { learning_rate: 0.03 }
    }
}

impl SgdConfig {
    /// The optimizer for `n` parameters.
    pub fn init(self, n: usize) -> Sgd {
        Sgd { config: self, n }
    }
}

/// Plain SGD: no state besides the rate. With a batch of 1 it is per-example SGD.
#[derive(Clone, Debug)]
pub struct Sgd {
    config: SgdConfig,
    n: usize,
}

impl Optimizer for Sgd {
    fn step(&mut self, params: &mut [f32], grads: &[f32]) {
        check_lengths(params, grads, self.n);
        let lr = self.config.learning_rate;
        for (p, g) in params.iter_mut().zip(grads) {
            *p -= lr * g;
        }
    }
    rate_in_config!();
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn first_steps_by_hand() {
        // η = 0.1: p −= 0.1·g, by hand from START and GRADS.
        run(SgdConfig { learning_rate: 0.1 }.init(3), [[0.49, -0.98, 1.97], [0.495, -1.02, 1.97], [0.475, -1.03, 2.0]]);
    }
}

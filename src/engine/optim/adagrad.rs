//! Adagrad: each parameter's step shrinks with the sum of its past squared gradients.
//! G ← G + g²; p ← p − η·g / (√G + ε).

use super::{check_lengths, AnyOptimizer, Optimizer, Spec};

/// Settings of Adagrad.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AdagradConfig {
    /// ε, keeps the division finite; default 1e-8.
    pub epsilon: f32,
}

impl Default for AdagradConfig {
    fn default() -> Self {
        AdagradConfig { epsilon: 1e-8 }
    }
}

impl AdagradConfig {
    /// The optimizer for `n` parameters.
    pub fn init(self, n: usize) -> Adagrad {
        Adagrad { config: self, sum_sq: vec![0.0; n] }
    }
}

/// Adagrad and its state, the running sum of squared gradients.
#[derive(Clone, Debug)]
pub struct Adagrad {
    config: AdagradConfig,
    sum_sq: Vec<f32>,
}

impl Optimizer for Adagrad {
    fn step(&mut self, lr: f32, params: &mut [f32], grads: &[f32]) {
        check_lengths(params, grads, self.sum_sq.len());
        let AdagradConfig { epsilon } = self.config;
        for ((p, g), s) in params.iter_mut().zip(grads).zip(&mut self.sum_sq) {
            *s += g * g;
            *p -= lr * g / (s.sqrt() + epsilon);
        }
    }
}

/// Adagrad as the settings know it: nothing to set besides the rate.
pub const ADAGRAD: Spec =
    Spec { name: "adagrad", label: "Adagrad", hyperparameters: &[], build: |_, n| AnyOptimizer::of(AdagradConfig::default().init(n)) };

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    // Expected values from tools/optim_reference.py (plain Python floats, f64), η = 0.1.
    #[test]
    fn first_steps_match_the_reference() {
        run(0.1, AdagradConfig { epsilon: 1e-8 }.init(3), ADAGRAD);
    }
    const ADAGRAD: [[f64; 3]; 3] = [
        [0.40000001, -0.900000005, 1.900000003333],
        [0.44472136555, -0.9894427221, 1.900000003333],
        [0.357434213265, -1.011264510647, 1.970710679785],
    ];
}

//! SGD with momentum, classical or Nesterov.
//!
//! Velocity form (as PyTorch writes it): v ← μ·v + g, then
//! classical: p ← p − η·v; Nesterov: p ← p − η·(g + μ·v), i.e. the step looks ahead
//! along the updated velocity.

use super::{check_lengths, AnyOptimizer, Optimizer, Spec};

/// Settings of momentum SGD.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MomentumConfig {
    /// μ, the fraction of the velocity kept each step; default 0.9.
    pub momentum: f32,
    /// Nesterov's look-ahead; default false (classical heavy ball).
    pub nesterov: bool,
}

impl Default for MomentumConfig {
    fn default() -> Self {
        MomentumConfig { momentum: 0.9, nesterov: false }
    }
}

impl MomentumConfig {
    /// The optimizer for `n` parameters, starting at rest.
    pub fn init(self, n: usize) -> Momentum {
        Momentum { config: self, velocity: vec![0.0; n] }
    }
}

/// Momentum SGD and its state, the velocity.
#[derive(Clone, Debug)]
pub struct Momentum {
    config: MomentumConfig,
    velocity: Vec<f32>,
}

impl Optimizer for Momentum {
    fn step(&mut self, lr: f32, params: &mut [f32], grads: &[f32]) {
        check_lengths(params, grads, self.velocity.len());
        let MomentumConfig { momentum: mu, nesterov } = self.config;
        for ((p, g), v) in params.iter_mut().zip(grads).zip(&mut self.velocity) {
            *v = mu * *v + g;
            *p -= lr * if nesterov { g + mu * *v } else { *v };
        }
    }
}

/// Classical momentum as the settings know it.
pub const MOMENTUM: Spec = Spec {
    name: "momentum",
    label: "Momentum",
    hyperparameters: &["momentum"],
    build: |s, n| AnyOptimizer::of(MomentumConfig { momentum: s.momentum, nesterov: false }.init(n)),
};

/// Nesterov momentum as the settings know it.
pub const NESTEROV: Spec = Spec {
    name: "nesterov",
    label: "Nesterov",
    hyperparameters: &["momentum"],
    build: |s, n| AnyOptimizer::of(MomentumConfig { momentum: s.momentum, nesterov: true }.init(n)),
};

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    // Expected values from tools/optim_reference.py (plain Python floats, f64), η = 0.1, μ = 0.9.
    #[test]
    fn classical_first_steps_match_the_reference() {
        run(
            0.1,
            MomentumConfig { momentum: 0.9, nesterov: false }.init(3),
            [[0.49, -0.98, 1.97], [0.486, -1.002, 1.943], [0.4624, -1.0318, 1.9487]],
        );
    }

    #[test]
    fn nesterov_first_steps_match_the_reference() {
        run(
            0.1,
            MomentumConfig { momentum: 0.9, nesterov: true }.init(3),
            [[0.481, -0.962, 1.943], [0.4824, -1.0218, 1.9187], [0.44116, -1.05862, 1.95383]],
        );
    }
}

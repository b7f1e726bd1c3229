//! RMSProp: divide each step by a running average of recent squared gradients.
//! s ← ρ·s + (1−ρ)·g²; p ← p − η·g / (√s + ε).

use super::{check_lengths, AnyOptimizer, Optimizer, Spec};

/// Settings of RMSProp.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RmsPropConfig {
    /// ρ, how much of the running average is kept each step; default 0.9 (Hinton's).
    pub rho: f32,
    /// ε, keeps the division finite; default 1e-8.
    pub epsilon: f32,
}

impl Default for RmsPropConfig {
    fn default() -> Self {
        RmsPropConfig { rho: 0.9, epsilon: 1e-8 }
    }
}

impl RmsPropConfig {
    /// The optimizer for `n` parameters.
    pub fn init(self, n: usize) -> RmsProp {
        RmsProp { config: self, mean_sq: vec![0.0; n] }
    }
}

/// RMSProp and its state, the running mean of squared gradients.
#[derive(Clone, Debug)]
pub struct RmsProp {
    config: RmsPropConfig,
    mean_sq: Vec<f32>,
}

impl Optimizer for RmsProp {
    fn step(&mut self, lr: f32, params: &mut [f32], grads: &[f32]) {
        check_lengths(params, grads, self.mean_sq.len());
        let RmsPropConfig { rho, epsilon } = self.config;
        for ((p, g), s) in params.iter_mut().zip(grads).zip(&mut self.mean_sq) {
            *s = rho * *s + (1.0 - rho) * g * g;
            *p -= lr * g / (s.sqrt() + epsilon);
        }
    }
}

/// RMSProp as the settings know it.
pub const RMSPROP: Spec = Spec {
    name: "rmsprop",
    label: "RMSProp",
    hyperparameters: &["rho"],
    build: |s, n| AnyOptimizer::of(RmsPropConfig { rho: s.rho, ..Default::default() }.init(n)),
};

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    // Expected values from tools/optim_reference.py (plain Python floats, f64), η = 0.01, ρ = 0.9.
    #[test]
    fn first_steps_match_the_reference() {
        run(0.01, RmsPropConfig { rho: 0.9, epsilon: 1e-8 }.init(3), RMSPROP);
    }
    const RMSPROP: [[f64; 3]; 3] = [
        [0.468377233398, -0.968377228398, 1.968377226732],
        [0.483121424666, -0.996948654929, 1.968377226732],
        [0.45493563563, -1.004273138584, 1.991882249626],
    ];
}

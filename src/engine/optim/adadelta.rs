//! Adadelta (Zeiler 2012): steps in the units of the parameters, no base rate needed.
//! E[g²] ← ρ·E[g²] + (1−ρ)·g²;  Δ = −√(E[Δ²] + ε) / √(E[g²] + ε) · g;
//! E[Δ²] ← ρ·E[Δ²] + (1−ρ)·Δ²;  p ← p + η·Δ  (η scales the step, 1 in the paper).

use super::{check_lengths, AnyOptimizer, Optimizer, Spec};

/// Settings of Adadelta (its rate is a multiplier on the step: 1 in the paper).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AdadeltaConfig {
    /// ρ, the decay of both running averages; default 0.9.
    pub rho: f32,
    /// ε, which also sets the size of the first steps; default 1e-6.
    pub epsilon: f32,
}

impl Default for AdadeltaConfig {
    fn default() -> Self {
        AdadeltaConfig { rho: 0.9, epsilon: 1e-6 }
    }
}

impl AdadeltaConfig {
    /// The optimizer for `n` parameters.
    pub fn init(self, n: usize) -> Adadelta {
        Adadelta { config: self, mean_sq_grad: vec![0.0; n], mean_sq_step: vec![0.0; n] }
    }
}

/// Adadelta and its state, the running means of squared gradients and squared steps.
#[derive(Clone, Debug)]
pub struct Adadelta {
    config: AdadeltaConfig,
    mean_sq_grad: Vec<f32>,
    mean_sq_step: Vec<f32>,
}

impl Optimizer for Adadelta {
    fn step(&mut self, lr: f32, params: &mut [f32], grads: &[f32]) {
        check_lengths(params, grads, self.mean_sq_grad.len());
        let AdadeltaConfig { rho, epsilon } = self.config;
        for (((p, g), eg), ed) in params.iter_mut().zip(grads).zip(&mut self.mean_sq_grad).zip(&mut self.mean_sq_step) {
            *eg = rho * *eg + (1.0 - rho) * g * g;
            let delta = -((*ed + epsilon).sqrt() / (*eg + epsilon).sqrt()) * g;
            *ed = rho * *ed + (1.0 - rho) * delta * delta;
            *p += lr * delta;
        }
    }
}

/// Adadelta as the settings know it.
pub const ADADELTA: Spec = Spec {
    name: "adadelta",
    label: "Adadelta",
    hyperparameters: &["rho"],
    build: |s, n| AnyOptimizer::of(AdadeltaConfig { rho: s.rho, ..Default::default() }.init(n)),
};

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    // Expected values from tools/optim_reference.py (plain Python floats, f64), η = 1, ρ = 0.9, ε = 1e-6.
    #[test]
    fn first_steps_match_the_reference() {
        run(1.0, AdadeltaConfig { rho: 0.9, epsilon: 1e-6 }.init(3), ADADELTA);
    }
    const ADADELTA: [[f64; 3]; 3] = [
        [0.496839302294, -0.99683811755, 1.996837898007],
        [0.498923019837, -1.000878372179, 1.996837898007],
        [0.494618037428, -1.002254898122, 2.000077657384],
    ];
}

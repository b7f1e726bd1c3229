//! Adam (Kingma & Ba 2015): momentum on the gradient and RMSProp-style scaling,
//! both bias-corrected for their zero start.
//! m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; m̂ = m/(1−β₁ᵗ); v̂ = v/(1−β₂ᵗ);
//! p ← p − η·m̂ / (√v̂ + ε).

use super::{check_lengths, AnyOptimizer, Optimizer, Spec};

/// Settings of Adam (the paper steps at η = 0.001).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AdamConfig {
    /// β₁, decay of the mean gradient; default 0.9.
    pub beta1: f32,
    /// β₂, decay of the mean squared gradient; default 0.999.
    pub beta2: f32,
    /// ε; default 1e-8.
    pub epsilon: f32,
}

impl Default for AdamConfig {
    fn default() -> Self {
        AdamConfig { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }
    }
}

impl AdamConfig {
    /// The optimizer for `n` parameters.
    pub fn init(self, n: usize) -> Adam {
        Adam { config: self, m: vec![0.0; n], v: vec![0.0; n], t: 0 }
    }
}

/// Adam and its state: both moments and the step count.
#[derive(Clone, Debug)]
pub struct Adam {
    config: AdamConfig,
    m: Vec<f32>,
    v: Vec<f32>,
    t: i32,
}

impl Optimizer for Adam {
    fn step(&mut self, lr: f32, params: &mut [f32], grads: &[f32]) {
        check_lengths(params, grads, self.m.len());
        let AdamConfig { beta1, beta2, epsilon } = self.config;
        self.t = self.t.saturating_add(1);
        let c1 = 1.0 - (beta1 as f64).powi(self.t);
        let c2 = 1.0 - (beta2 as f64).powi(self.t);
        let (c1, c2) = (c1 as f32, c2 as f32);
        for (((p, g), m), v) in params.iter_mut().zip(grads).zip(&mut self.m).zip(&mut self.v) {
            *m = beta1 * *m + (1.0 - beta1) * g;
            *v = beta2 * *v + (1.0 - beta2) * g * g;
            let m_hat = *m / c1;
            let v_hat = *v / c2;
            *p -= lr * m_hat / (v_hat.sqrt() + epsilon);
        }
    }
}

/// Adam as the settings know it.
pub const ADAM: Spec = Spec {
    name: "adam",
    label: "Adam",
    hyperparameters: &["beta1", "beta2"],
    build: |s, n| AnyOptimizer::of(AdamConfig { beta1: s.beta1, beta2: s.beta2, ..Default::default() }.init(n)),
};

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn first_step_is_lr_times_sign_by_hand() {
        // After one step m̂ = g and v̂ = g², so every parameter moves by η·sign(g) (ε aside).
        let mut o = AdamConfig::default().init(3);
        let mut p = [0.5f32, -1.0, 2.0];
        o.step(0.1, &mut p, &[0.1, -0.2, 0.3]);
        for (got, want) in p.iter().zip([0.4f32, -0.9, 1.9]) {
            assert!((got - want).abs() < 1e-6);
        }
    }

    // Expected values from tools/optim_reference.py (plain Python floats, f64), η = 0.1, β = (0.9, 0.999).
    #[test]
    fn first_steps_match_the_reference() {
        run(0.1, AdamConfig { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }.init(3), ADAM);
    }
    const ADAM: [[f64; 3]; 3] = [
        [0.40000001, -0.900000005, 1.900000003333],
        [0.373366309403, -0.936610356546, 1.832994181079],
        [0.307555154351, -0.978175474964, 1.841580952173],
    ];
}

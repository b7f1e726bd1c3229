//! Weight penalties added to the loss: L1, L2 and their mix (elastic net).
//! They apply to weights only, never to biases.

/// A penalty on the weights.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Regularization {
    /// No penalty.
    None,
    /// rate · Σ|w| — pushes small weights to exactly zero.
    L1,
    /// rate · ½Σw² — shrinks every weight in proportion (weight decay).
    L2,
    /// rate · (ρ·Σ|w| + (1−ρ)·½Σw²) with ρ the L1 share in [0, 1].
    Elastic(f32),
}

/// The L1 share of elastic net when the settings do not give one.
pub const DEFAULT_L1_RATIO: f32 = 0.5;

impl Regularization {
    /// The name used in settings strings.
    pub fn name(self) -> &'static str {
        match self {
            Regularization::None => "none",
            Regularization::L1 => "l1",
            Regularization::L2 => "l2",
            Regularization::Elastic(_) => "elastic",
        }
    }

    /// Parses a settings name.
    pub fn from_name(s: &str) -> Option<Regularization> {
        match s {
            "none" => Some(Regularization::None),
            "l1" => Some(Regularization::L1),
            "l2" => Some(Regularization::L2),
            "elastic" => Some(Regularization::Elastic(DEFAULT_L1_RATIO)),
            _ => None,
        }
    }

    fn shares(self) -> (f32, f32) {
        match self {
            Regularization::None => (0.0, 0.0),
            Regularization::L1 => (1.0, 0.0),
            Regularization::L2 => (0.0, 1.0),
            Regularization::Elastic(r) => (r, 1.0 - r),
        }
    }

    /// The penalty of these weights at this rate.
    pub fn penalty(self, rate: f32, weights: &[f32]) -> f32 {
        let (l1, l2) = self.shares();
        if rate == 0.0 || (l1 == 0.0 && l2 == 0.0) {
            return 0.0;
        }
        let s: f32 = weights.iter().map(|w| l1 * w.abs() + l2 * 0.5 * w * w).sum();
        rate * s
    }

    /// Adds ∂penalty/∂w to `grads` (sign(w) for L1; 0 is taken as the subgradient at w = 0).
    #[inline(never)]
    pub fn add_gradient(self, rate: f32, weights: &[f32], grads: &mut [f32]) {
        let (l1, l2) = self.shares();
        if rate == 0.0 || (l1 == 0.0 && l2 == 0.0) {
            return;
        }
        for (g, &w) in grads.iter_mut().zip(weights) {
            let sign = if w > 0.0 {
                1.0
            } else if w < 0.0 {
                -1.0
            } else {
                0.0
            };
            *g += rate * (l1 * sign + l2 * w);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn penalties_and_gradients_by_hand() {
        let w = [0.5f32, -2.0, 0.0];
        assert!((Regularization::L1.penalty(0.1, &w) - 0.25).abs() < 1e-6);
        assert!((Regularization::L2.penalty(0.1, &w) - 0.2125).abs() < 1e-6);
        assert!((Regularization::Elastic(0.5).penalty(0.1, &w) - 0.23125).abs() < 1e-6);
        assert_eq!(Regularization::None.penalty(0.1, &w), 0.0);
        let mut g = [0.0f32; 3];
        Regularization::Elastic(0.25).add_gradient(2.0, &w, &mut g);
        // 2·(0.25·sign + 0.75·w)
        assert_eq!(g, [2.0 * (0.25 + 0.375), 2.0 * (-0.25 - 1.5), 0.0]);
    }
}

//! Activation functions, each next to its derivative.

/// Slope of leaky ReLU for negative inputs.
pub const LEAKY_SLOPE: f32 = 0.01;
/// α of ELU: the value ELU approaches for very negative inputs is −α.
pub const ELU_ALPHA: f32 = 1.0;

/// An element-wise activation applied to a neuron's weighted sum `z`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Activation {
    /// f(z) = z.
    Linear,
    /// f(z) = 1 / (1 + e^−z).
    Sigmoid,
    /// f(z) = tanh z.
    Tanh,
    /// f(z) = max(0, z).
    Relu,
    /// f(z) = z for z > 0, else 0.01·z.
    LeakyRelu,
    /// f(z) = z for z > 0, else α(e^z − 1).
    Elu,
    /// SiLU / swish: f(z) = z·σ(z).
    Silu,
    /// GELU, in its common tanh form: ½z(1 + tanh(√(2/π)(z + 0.044715z³))).
    Gelu,
    /// The classic perceptron's step: 1 for z ≥ 0, else 0. Its derivative is 0 almost
    /// everywhere, so gradient descent cannot train it; the perceptron rule can.
    Step,
}

/// σ(z), computed without overflow for large |z|.
pub fn sigmoid(z: f32) -> f32 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

const GELU_C: f32 = 0.797_884_6; // √(2/π)
const GELU_K: f32 = 0.044_715;

impl Activation {
    /// Every activation, in the order the UI lists them.
    pub const ALL: [Activation; 9] = [
        Activation::Linear,
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::LeakyRelu,
        Activation::Elu,
        Activation::Silu,
        Activation::Gelu,
        Activation::Step,
    ];

    /// The name used in settings strings.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Linear => "linear",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
            Activation::LeakyRelu => "leaky",
            Activation::Elu => "elu",
            Activation::Silu => "silu",
            Activation::Gelu => "gelu",
            Activation::Step => "step",
        }
    }

    /// Parses a settings name (`swish` and `leakyrelu` are accepted aliases).
    pub fn from_name(s: &str) -> Option<Activation> {
        match s {
            "swish" => Some(Activation::Silu),
            "leakyrelu" | "leaky-relu" => Some(Activation::LeakyRelu),
            _ => Activation::ALL.into_iter().find(|a| a.name() == s),
        }
    }

    /// f(z).
    #[inline]
    pub fn apply(self, z: f32) -> f32 {
        match self {
            Activation::Linear => z,
            Activation::Sigmoid => sigmoid(z),
            Activation::Tanh => z.tanh(),
            Activation::Relu => z.max(0.0),
            Activation::LeakyRelu => {
                if z > 0.0 {
                    z
                } else {
                    LEAKY_SLOPE * z
                }
            }
            Activation::Elu => {
                if z > 0.0 {
                    z
                } else {
                    ELU_ALPHA * (z.exp() - 1.0)
                }
            }
            Activation::Silu => z * sigmoid(z),
            Activation::Gelu => 0.5 * z * (1.0 + (GELU_C * (z + GELU_K * z * z * z)).tanh()),
            Activation::Step => {
                if z >= 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
        }
    }

    /// f′(z), given z and the already computed y = f(z) (several derivatives reuse y).
    #[inline]
    pub fn derivative(self, z: f32, y: f32) -> f32 {
        match self {
            Activation::Linear => 1.0,
            Activation::Sigmoid => y * (1.0 - y),
            Activation::Tanh => 1.0 - y * y,
            Activation::Relu => {
                if z > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::LeakyRelu => {
                if z > 0.0 {
                    1.0
                } else {
                    LEAKY_SLOPE
                }
            }
            Activation::Elu => {
                if z > 0.0 {
                    1.0
                } else {
                    y + ELU_ALPHA
                }
            }
            Activation::Silu => {
                let s = sigmoid(z);
                s * (1.0 + z * (1.0 - s))
            }
            Activation::Gelu => {
                let u = GELU_C * (z + GELU_K * z * z * z);
                let t = u.tanh();
                let du = GELU_C * (1.0 + 3.0 * GELU_K * z * z);
                0.5 * (1.0 + t) + 0.5 * z * (1.0 - t * t) * du
            }
            Activation::Step => 0.0,
        }
    }
}

/// Softmax of one row of logits, in place, shifted by the max so it cannot overflow.
pub fn softmax_in_place(row: &mut [f32]) {
    let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for v in row.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    for v in row.iter_mut() {
        *v /= sum;
    }
}

/// The Jacobian-vector product of softmax: given p = softmax(z) and g = ∂L/∂p,
/// writes ∂L/∂z = p ⊙ (g − ⟨g, p⟩) into `g`.
pub fn softmax_backward_in_place(p: &[f32], g: &mut [f32]) {
    let dot: f32 = p.iter().zip(g.iter()).map(|(a, b)| a * b).sum();
    for (gi, pi) in g.iter_mut().zip(p) {
        *gi = pi * (*gi - dot);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// Centred finite difference in f64 around the f32 function.
    fn numeric(f: impl Fn(f64) -> f64, z: f64) -> f64 {
        let h = 1e-3;
        (f(z + h) - f(z - h)) / (2.0 * h)
    }

    #[test]
    fn every_derivative_matches_centred_finite_differences() {
        let points = [-4.0f32, -2.5, -1.0, -0.3, -0.01, 0.02, 0.4, 1.0, 2.2, 5.0];
        for act in Activation::ALL {
            for &z in &points {
                let y = act.apply(z);
                let analytic = act.derivative(z, y) as f64;
                let num = numeric(|x| act.apply(x as f32) as f64, z as f64);
                // f32 rounding in f(z ± h) bounds how close the estimate can get.
                assert!((analytic - num).abs() < 2e-3 * (1.0 + num.abs()), "{}: f'({z}) = {analytic}, finite difference {num}", act.name());
            }
        }
    }

    #[test]
    fn known_values() {
        assert_eq!(Activation::Relu.apply(-3.0), 0.0);
        assert_eq!(Activation::LeakyRelu.apply(-3.0), -0.03);
        assert!((Activation::Sigmoid.apply(0.0) - 0.5).abs() < 1e-7);
        assert!((Activation::Elu.apply(-1.0) - (-0.632_120_56)).abs() < 1e-6);
        assert!((Activation::Silu.apply(1.0) - 0.731_058_6).abs() < 1e-6);
        // GELU(1) in its tanh form is 0.841192 (exact erf form: 0.841345).
        assert!((Activation::Gelu.apply(1.0) - 0.841_192).abs() < 1e-5);
        assert_eq!(Activation::Step.apply(0.0), 1.0);
        assert_eq!(Activation::Step.apply(-1e-6), 0.0);
        // σ never overflows.
        assert_eq!(sigmoid(-1000.0), 0.0);
        assert_eq!(sigmoid(1000.0), 1.0);
    }

    #[test]
    fn names_round_trip() {
        for act in Activation::ALL {
            assert_eq!(Activation::from_name(act.name()), Some(act));
        }
        assert_eq!(Activation::from_name("swish"), Some(Activation::Silu));
        assert_eq!(Activation::from_name("softplus"), None);
    }

    #[test]
    fn softmax_sums_to_one_and_its_backward_matches_finite_differences() {
        let z = [1.0f32, -2.0, 0.5, 3.0];
        let mut p = z;
        softmax_in_place(&mut p);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-6);
        // Huge logits do not overflow.
        let mut big = [1000.0f32, 999.0];
        softmax_in_place(&mut big);
        assert!((big[0] - 0.731_058_6).abs() < 1e-6);
        // L(z) = Σ w_k softmax_k(z) for fixed w: ∂L/∂z from the JVP vs finite differences.
        let w = [0.3f32, -1.2, 2.0, 0.7];
        let mut g = w;
        softmax_backward_in_place(&p, &mut g);
        for k in 0..4 {
            let f = |d: f64| {
                let mut zz = z;
                zz[k] += d as f32;
                softmax_in_place(&mut zz);
                zz.iter().zip(&w).map(|(a, b)| (a * b) as f64).sum::<f64>()
            };
            let num = (f(1e-3) - f(-1e-3)) / 2e-3;
            assert!((g[k] as f64 - num).abs() < 1e-3, "k={k}: {} vs {num}", g[k]);
        }
    }
}

//! Seeded weight initialisation.

use super::rng::Rng;

/// How a layer's weights are drawn. Biases start at 0.1 for [`Init::Uniform`]
/// (TensorFlow Playground's choice) and at 0 otherwise.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Init {
    /// Uniform in [−0.5, 0.5], TensorFlow Playground's default.
    Uniform,
    /// Normal N(0, σ²) with the given σ.
    Normal(f32),
    /// Xavier/Glorot uniform: U(±√(6 / (fan_in + fan_out))), for tanh and sigmoid.
    Xavier,
    /// He/Kaiming normal: N(0, 2 / fan_in), for ReLU-like activations.
    He,
}

/// σ of [`Init::Normal`] when the settings do not give one.
pub const DEFAULT_NORMAL_SD: f32 = 0.1;

impl Init {
    /// The name used in settings strings.
    pub fn name(self) -> &'static str {
        match self {
            Init::Uniform => "uniform",
            Init::Normal(_) => "normal",
            Init::Xavier => "xavier",
            Init::He => "he",
        }
    }

    /// Parses a settings name (`glorot` and `kaiming` are accepted aliases).
    pub fn from_name(s: &str) -> Option<Init> {
        match s {
            "uniform" => Some(Init::Uniform),
            "normal" => Some(Init::Normal(DEFAULT_NORMAL_SD)),
            "xavier" | "glorot" => Some(Init::Xavier),
            "he" | "kaiming" => Some(Init::He),
            _ => None,
        }
    }

    /// One weight of a layer with `fan_in` inputs and `fan_out` outputs.
    pub fn weight(self, fan_in: usize, fan_out: usize, rng: &mut Rng) -> f32 {
        match self {
            Init::Uniform => rng.uniform(-0.5, 0.5),
            Init::Normal(sd) => rng.normal(0.0, sd),
            Init::Xavier => {
                let limit = (6.0 / (fan_in + fan_out).max(1) as f32).sqrt();
                rng.uniform(-limit, limit)
            }
            Init::He => rng.normal(0.0, (2.0 / fan_in.max(1) as f32).sqrt()),
        }
    }

    /// The starting bias.
    pub fn bias(self) -> f32 {
        match self {
            Init::Uniform => 0.1,
            _ => 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn moments(init: Init, fan_in: usize, fan_out: usize) -> (f32, f32, f32) {
        let mut rng = Rng::new(9);
        let xs: Vec<f32> = (0..100_000).map(|_| init.weight(fan_in, fan_out, &mut rng)).collect();
        let mean = xs.iter().sum::<f32>() / xs.len() as f32;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f32>() / xs.len() as f32;
        let max = xs.iter().fold(0.0f32, |m, x| m.max(x.abs()));
        (mean, var, max)
    }

    #[test]
    fn each_scheme_has_its_variance() {
        let (m, v, max) = moments(Init::Uniform, 4, 4);
        assert!(m.abs() < 0.01 && (v - 1.0 / 12.0).abs() < 0.003 && max <= 0.5);
        let (m, v, _) = moments(Init::Normal(0.3), 4, 4);
        assert!(m.abs() < 0.01 && (v - 0.09).abs() < 0.003);
        // Xavier on 10→20: limit √(6/30), variance limit²/3 = 1/15.
        let (m, v, max) = moments(Init::Xavier, 10, 20);
        assert!(m.abs() < 0.01 && (v - 1.0 / 15.0).abs() < 0.002 && max <= (0.2f32).sqrt());
        // He on fan_in 8: variance 2/8.
        let (m, v, _) = moments(Init::He, 8, 3);
        assert!(m.abs() < 0.01 && (v - 0.25).abs() < 0.006);
    }
}

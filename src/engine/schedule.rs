//! Learning-rate schedules: the rate used at each epoch, as a function of the base rate.
//!
//! The base rate can change while training (the page's slider); schedules scale it,
//! so a live change takes effect at once and the schedule keeps its shape.

/// How the learning rate changes over epochs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Schedule {
    /// The base rate, always.
    Constant,
    /// Multiply by `factor` every `every` epochs: base · factor^⌊epoch/every⌋.
    Step {
        /// Multiplier applied at each step (0 < factor ≤ 1 usually).
        factor: f32,
        /// Epochs between steps (≥ 1).
        every: u32,
    },
    /// The smooth version of `Step`: base · factor^(epoch/every).
    Exponential {
        /// Multiplier reached after `every` epochs.
        factor: f32,
        /// Epochs over which the rate is multiplied by `factor`.
        every: u32,
    },
    /// Cosine annealing from the base rate down to `min` over `period` epochs, then
    /// restarting (SGDR-style warm restarts).
    Cosine {
        /// The lowest rate.
        min: f32,
        /// Epochs per cycle (≥ 1).
        period: u32,
    },
    /// Triangular cyclical rate: from `min` up to the base and back over `period` epochs.
    Cyclic {
        /// The lowest rate.
        min: f32,
        /// Epochs per full cycle (≥ 2).
        period: u32,
    },
}

impl Schedule {
    /// The names used in settings strings.
    pub const NAMES: [&'static str; 5] = ["constant", "step", "exp", "cosine", "cyclic"];

    /// The name used in settings strings.
    pub fn name(&self) -> &'static str {
        match self {
            Schedule::Constant => "constant",
            Schedule::Step { .. } => "step",
            Schedule::Exponential { .. } => "exp",
            Schedule::Cosine { .. } => "cosine",
            Schedule::Cyclic { .. } => "cyclic",
        }
    }

    /// The learning rate for `epoch` (counted from 0) given the base rate.
    pub fn rate(&self, base: f32, epoch: usize) -> f32 {
        let e = epoch as f64;
        let base64 = base as f64;
        let r = match *self {
            Schedule::Constant => base64,
            Schedule::Step { factor, every } => base64 * (factor as f64).powi((epoch / every.max(1) as usize) as i32),
            Schedule::Exponential { factor, every } => base64 * (factor as f64).powf(e / every.max(1) as f64),
            Schedule::Cosine { min, period } => {
                let p = period.max(1) as usize;
                let t = (epoch % p) as f64 / p as f64;
                let min = (min as f64).min(base64);
                min + (base64 - min) * 0.5 * (1.0 + (std::f64::consts::PI * t).cos())
            }
            Schedule::Cyclic { min, period } => {
                let p = period.max(2) as f64;
                let t = (e % p) / p; // 0..1 through the cycle
                let tri = 1.0 - (2.0 * t - 1.0).abs(); // 0 → 1 → 0
                let min = (min as f64).min(base64);
                min + (base64 - min) * tri
            }
        };
        r as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn near(a: f32, b: f32) {
        assert!((a - b).abs() < 1e-7, "{a} vs {b}");
    }

    #[test]
    fn values_by_hand() {
        near(Schedule::Constant.rate(0.03, 1000), 0.03);
        let step = Schedule::Step { factor: 0.5, every: 10 };
        near(step.rate(0.1, 0), 0.1);
        near(step.rate(0.1, 9), 0.1);
        near(step.rate(0.1, 10), 0.05);
        near(step.rate(0.1, 25), 0.025);
        let exp = Schedule::Exponential { factor: 0.5, every: 10 };
        near(exp.rate(0.1, 10), 0.05);
        near(exp.rate(0.1, 5), 0.1 * 0.5f32.sqrt());
        let cos = Schedule::Cosine { min: 0.0, period: 100 };
        near(cos.rate(0.2, 0), 0.2);
        near(cos.rate(0.2, 50), 0.1);
        near(cos.rate(0.2, 25), 0.1 * (1.0 + std::f32::consts::FRAC_1_SQRT_2));
        near(cos.rate(0.2, 100), 0.2); // restart
        let cyc = Schedule::Cyclic { min: 0.01, period: 20 };
        near(cyc.rate(0.11, 0), 0.01);
        near(cyc.rate(0.11, 5), 0.06);
        near(cyc.rate(0.11, 10), 0.11);
        near(cyc.rate(0.11, 15), 0.06);
        near(cyc.rate(0.11, 20), 0.01);
    }
}

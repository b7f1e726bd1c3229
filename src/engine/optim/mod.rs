//! Optimizers: rules that turn gradients into parameter updates.
//!
//! An optimizer sees only two flat slices, the parameters and their gradients; it never
//! knows what a layer is. Each rule lives in its own file as an `XConfig` (documented
//! defaults) whose `init(n)` makes the stateful optimizer for `n` parameters. The learning
//! rate comes with each step, so a schedule or a live change needs no copy of it here.

mod adadelta;
mod adagrad;
mod adam;
mod momentum;
mod rmsprop;
mod sgd;

pub use adadelta::{Adadelta, AdadeltaConfig};
pub use adagrad::{Adagrad, AdagradConfig};
pub use adam::{Adam, AdamConfig};
pub use momentum::{Momentum, MomentumConfig};
pub use rmsprop::{RmsProp, RmsPropConfig};
pub use sgd::{Sgd, SgdConfig};

/// What every optimizer does.
pub trait Optimizer {
    /// Updates `params` in place from `grads` (same length as at `init`), with the
    /// learning rate `lr` (η; Adadelta's multiplier on its step).
    fn step(&mut self, lr: f32, params: &mut [f32], grads: &[f32]);
}

/// The optimizers by name, as the settings string spells them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OptimizerKind {
    /// Plain (minibatch) stochastic gradient descent.
    Sgd,
    /// SGD with classical (heavy-ball) momentum.
    Momentum,
    /// SGD with Nesterov momentum.
    Nesterov,
    /// Adagrad.
    Adagrad,
    /// RMSProp.
    RmsProp,
    /// Adadelta.
    Adadelta,
    /// Adam.
    Adam,
}

impl OptimizerKind {
    /// Every optimizer, in the order the UI lists them.
    pub const ALL: [OptimizerKind; 7] = [
        OptimizerKind::Sgd,
        OptimizerKind::Momentum,
        OptimizerKind::Nesterov,
        OptimizerKind::Adagrad,
        OptimizerKind::RmsProp,
        OptimizerKind::Adadelta,
        OptimizerKind::Adam,
    ];

    /// The name used in settings strings.
    pub fn name(self) -> &'static str {
        match self {
            OptimizerKind::Sgd => "sgd",
            OptimizerKind::Momentum => "momentum",
            OptimizerKind::Nesterov => "nesterov",
            OptimizerKind::Adagrad => "adagrad",
            OptimizerKind::RmsProp => "rmsprop",
            OptimizerKind::Adadelta => "adadelta",
            OptimizerKind::Adam => "adam",
        }
    }

    /// Parses a settings name.
    pub fn from_name(s: &str) -> Option<OptimizerKind> {
        OptimizerKind::ALL.into_iter().find(|k| k.name() == s)
    }
}

/// The hyper-parameters a user can set; each optimizer reads the ones it uses.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OptimizerSettings {
    /// Which rule.
    pub kind: OptimizerKind,
    /// Learning rate η: the base rate a trainer's schedule scales.
    pub learning_rate: f32,
    /// Momentum μ (momentum, Nesterov).
    pub momentum: f32,
    /// Decay of the first moment β₁ (Adam).
    pub beta1: f32,
    /// Decay of the second moment β₂ (Adam).
    pub beta2: f32,
    /// Decay of the running averages ρ (RMSProp, Adadelta).
    pub rho: f32,
}

impl Default for OptimizerSettings {
    fn default() -> Self {
        OptimizerSettings { kind: OptimizerKind::Sgd, learning_rate: 0.03, momentum: 0.9, beta1: 0.9, beta2: 0.999, rho: 0.9 }
    }
}

/// Any optimizer, as one cloneable value (a trainer can be copied, state and all).
#[derive(Clone, Debug)]
pub enum AnyOptimizer {
    /// See [`Sgd`].
    Sgd(Sgd),
    /// See [`Momentum`] (classical or Nesterov).
    Momentum(Momentum),
    /// See [`Adagrad`].
    Adagrad(Adagrad),
    /// See [`RmsProp`].
    RmsProp(RmsProp),
    /// See [`Adadelta`].
    Adadelta(Adadelta),
    /// See [`Adam`].
    Adam(Adam),
}

impl AnyOptimizer {
    /// The optimizer the settings describe, for `n` parameters.
    pub fn new(s: &OptimizerSettings, n: usize) -> Self {
        match s.kind {
            OptimizerKind::Sgd => AnyOptimizer::Sgd(SgdConfig.init(n)),
            OptimizerKind::Momentum | OptimizerKind::Nesterov => {
                AnyOptimizer::Momentum(MomentumConfig { momentum: s.momentum, nesterov: s.kind == OptimizerKind::Nesterov }.init(n))
            }
            OptimizerKind::Adagrad => AnyOptimizer::Adagrad(AdagradConfig::default().init(n)),
            OptimizerKind::RmsProp => AnyOptimizer::RmsProp(RmsPropConfig { rho: s.rho, ..Default::default() }.init(n)),
            OptimizerKind::Adadelta => AnyOptimizer::Adadelta(AdadeltaConfig { rho: s.rho, ..Default::default() }.init(n)),
            OptimizerKind::Adam => AnyOptimizer::Adam(AdamConfig { beta1: s.beta1, beta2: s.beta2, ..Default::default() }.init(n)),
        }
    }
}

/// Runs `$e` on whichever optimizer `$self` holds, bound as `$o`.
macro_rules! each {
    ($self:expr, $o:ident => $e:expr) => {
        match $self {
            AnyOptimizer::Sgd($o) => $e,
            AnyOptimizer::Momentum($o) => $e,
            AnyOptimizer::Adagrad($o) => $e,
            AnyOptimizer::RmsProp($o) => $e,
            AnyOptimizer::Adadelta($o) => $e,
            AnyOptimizer::Adam($o) => $e,
        }
    };
}

impl Optimizer for AnyOptimizer {
    fn step(&mut self, lr: f32, params: &mut [f32], grads: &[f32]) {
        each!(self, o => o.step(lr, params, grads))
    }
}

/// Checks the slice lengths every optimizer relies on.
fn check_lengths(params: &[f32], grads: &[f32], state: usize) {
    assert_eq!(params.len(), grads.len(), "optimizer: {} params but {} grads", params.len(), grads.len());
    assert_eq!(params.len(), state, "optimizer: initialised for {state} params, stepped with {}", params.len());
}

#[cfg(test)]
pub(crate) mod testing {
    //! Golden-value harness shared by the optimizer tests.
    use super::Optimizer;

    /// Starting parameters of every golden test.
    pub const START: [f32; 3] = [0.5, -1.0, 2.0];
    /// The gradient fed at steps 1, 2 and 3.
    pub const GRADS: [[f32; 3]; 3] = [[0.1, -0.2, 0.3], [-0.05, 0.4, 0.0], [0.2, 0.1, -0.3]];

    /// Runs three steps at rate `lr` and compares each with the expected parameters.
    pub fn run(lr: f32, mut opt: impl Optimizer, expected: [[f64; 3]; 3]) {
        let mut p = START;
        for (step, (g, want)) in GRADS.iter().zip(expected).enumerate() {
            opt.step(lr, &mut p, g);
            for j in 0..3 {
                assert!(
                    (p[j] as f64 - want[j]).abs() < 2e-6 * (1.0 + want[j].abs()),
                    "step {} param {j}: got {} want {}",
                    step + 1,
                    p[j],
                    want[j]
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn names_round_trip() {
        for k in OptimizerKind::ALL {
            assert_eq!(OptimizerKind::from_name(k.name()), Some(k));
        }
    }

    #[test]
    fn each_step_uses_the_rate_it_is_given() {
        // From the same state and gradient, a step at 2η moves SGD and momentum exactly
        // twice as far as a step at η; every rule moves further at the larger rate.
        for k in OptimizerKind::ALL {
            let o = AnyOptimizer::new(&OptimizerSettings { kind: k, ..Default::default() }, 2);
            let (mut a, mut b) = (o.clone(), o);
            let (mut pa, mut pb) = ([1.0f32, -2.0], [1.0f32, -2.0]);
            a.step(0.1, &mut pa, &[0.5, -0.25]);
            b.step(0.2, &mut pb, &[0.5, -0.25]);
            for j in 0..2 {
                let (da, db) = (pa[j] - [1.0, -2.0][j], pb[j] - [1.0, -2.0][j]);
                assert!(da != 0.0 && db.abs() > da.abs(), "{}: {da} at 0.1, {db} at 0.2", k.name());
                if matches!(k, OptimizerKind::Sgd | OptimizerKind::Momentum | OptimizerKind::Nesterov) {
                    assert!((db - 2.0 * da).abs() < 1e-6, "{}", k.name());
                }
            }
        }
    }

    #[test]
    fn every_optimizer_descends_a_quadratic_bowl() {
        // f(p) = ½Σ cᵢ pᵢ², gradient cᵢ pᵢ; minimum at 0.
        let c = [1.0f32, 4.0, 0.25];
        for k in OptimizerKind::ALL {
            let lr = if k == OptimizerKind::Adadelta { 1.0 } else { 0.05 };
            let mut o = AnyOptimizer::new(&OptimizerSettings { kind: k, ..Default::default() }, 3);
            let mut p = [1.0f32, -1.0, 2.0];
            let f = |p: &[f32; 3]| p.iter().zip(&c).map(|(x, ci)| 0.5 * ci * x * x).sum::<f32>();
            let start = f(&p);
            for _ in 0..500 {
                let g = [c[0] * p[0], c[1] * p[1], c[2] * p[2]];
                o.step(lr, &mut p, &g);
            }
            assert!(f(&p) < 0.05 * start, "{}: {} → {}", k.name(), start, f(&p));
        }
    }
}

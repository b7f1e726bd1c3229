//! Optimizers: rules that turn gradients into parameter updates.
//!
//! An optimizer sees only two flat slices, the parameters and their gradients; it never
//! knows what a layer is. Each rule lives in its own file as an `XConfig` (documented
//! defaults) whose `init(n)` makes the stateful optimizer for `n` parameters. The learning
//! rate comes with each step, so a schedule or a live change needs no copy of it here.
//!
//! Each file also declares its optimizers as a [`Spec`]: the name, the label, the settings
//! keys of the hyper-parameters it reads and how it is built. A new optimizer is its file
//! plus one line in the `optimizers!` list below; the settings, the command line and
//! the page's controls read the rest from its `Spec`.

use std::fmt;

/// What every optimizer does.
pub trait Optimizer {
    /// Updates `params` in place from `grads` (same length as at `init`), with the
    /// learning rate `lr` (η; Adadelta's multiplier on its step).
    fn step(&mut self, lr: f32, params: &mut [f32], grads: &[f32]);
}

/// One optimizer as the rest of the program knows it, declared in its own file.
pub struct Spec {
    /// The word in settings strings.
    pub name: &'static str,
    /// What the page calls it.
    pub label: &'static str,
    /// The settings keys of the hyper-parameters it reads besides the learning rate, in
    /// the order the page shows their controls.
    pub hyperparameters: &'static [&'static str],
    /// The optimizer for `n` parameters, with the hyper-parameters of these settings.
    pub build: fn(&OptimizerSettings, usize) -> AnyOptimizer,
}

/// Declares every optimizer, one line per file: the file (a module of this folder, whose
/// public items are re-exported) and the kinds it provides, each with the [`Spec`] the
/// file declares. Makes [`OptimizerKind`], its list and its lookup of specs.
macro_rules! optimizers {
    ($($file:ident { $($kind:ident: $spec:ident),+ },)+) => {
        $(
            mod $file;
            pub use $file::*;
        )+

        /// The optimizers by name, as the settings string spells them (each one's
        /// [`Spec`] says what it is).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum OptimizerKind {
            $($(
                #[doc = concat!("See [`", stringify!($spec), "`].")]
                $kind,
            )+)+
        }

        impl OptimizerKind {
            /// Every optimizer, in the order the UI lists them.
            pub const ALL: [OptimizerKind; [$($(stringify!($kind)),+),+].len()] = [$($(OptimizerKind::$kind),+),+];

            /// What the optimizer's file declares about it.
            pub fn spec(self) -> &'static Spec {
                match self {
                    $($(OptimizerKind::$kind => &$file::$spec,)+)+
                }
            }
        }
    };
}

optimizers! {
    sgd { Sgd: SGD },
    momentum { Momentum: MOMENTUM, Nesterov: NESTEROV },
    adagrad { Adagrad: ADAGRAD },
    rmsprop { RmsProp: RMSPROP },
    adadelta { Adadelta: ADADELTA },
    adam { Adam: ADAM },
}

impl OptimizerKind {
    /// The name used in settings strings.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// What the page calls it.
    pub fn label(self) -> &'static str {
        self.spec().label
    }

    /// The settings keys of the hyper-parameters it reads besides the learning rate.
    pub fn hyperparameters(self) -> &'static [&'static str] {
        self.spec().hyperparameters
    }

    /// Parses a settings name.
    pub fn from_name(s: &str) -> Option<OptimizerKind> {
        OptimizerKind::ALL.into_iter().find(|k| k.name() == s)
    }
}

/// The hyper-parameters a user can set; each optimizer reads the ones its [`Spec`] names.
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

/// An optimizer that can be copied behind a pointer.
trait Stateful: Optimizer + fmt::Debug + Send + Sync {
    fn boxed_clone(&self) -> Box<dyn Stateful>;
}

impl<T: Optimizer + Clone + fmt::Debug + Send + Sync + 'static> Stateful for T {
    fn boxed_clone(&self) -> Box<dyn Stateful> {
        Box::new(self.clone())
    }
}

/// Any optimizer, as one cloneable value (a trainer can be copied, state and all).
#[derive(Debug)]
pub struct AnyOptimizer(Box<dyn Stateful>);

impl AnyOptimizer {
    /// The optimizer the settings describe, for `n` parameters.
    pub fn new(s: &OptimizerSettings, n: usize) -> Self {
        (s.kind.spec().build)(s, n)
    }

    /// Holds one optimizer (what a [`Spec`]'s `build` returns).
    pub fn of(o: impl Optimizer + Clone + fmt::Debug + Send + Sync + 'static) -> Self {
        AnyOptimizer(Box::new(o))
    }
}

impl Clone for AnyOptimizer {
    fn clone(&self) -> Self {
        AnyOptimizer(self.0.boxed_clone())
    }
}

impl Optimizer for AnyOptimizer {
    fn step(&mut self, lr: f32, params: &mut [f32], grads: &[f32]) {
        self.0.step(lr, params, grads)
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
        for (i, k) in OptimizerKind::ALL.into_iter().enumerate() {
            assert_eq!(OptimizerKind::from_name(k.name()), Some(k));
            assert!(OptimizerKind::ALL[..i].iter().all(|o| o.name() != k.name() && o.label() != k.label()), "{} twice", k.name());
        }
    }

    #[test]
    fn each_optimizer_reads_exactly_the_hyperparameters_it_declares() {
        // Every hyper-parameter of the settings, by key: a nudge to one changes the first
        // steps of the optimizers that declare it, and of no other.
        type Field = fn(&mut OptimizerSettings) -> &mut f32;
        let fields: [(&str, Field); 4] =
            [("momentum", |s| &mut s.momentum), ("beta1", |s| &mut s.beta1), ("beta2", |s| &mut s.beta2), ("rho", |s| &mut s.rho)];
        let steps = |s: &OptimizerSettings| {
            let mut o = AnyOptimizer::new(s, 3);
            let mut p = testing::START;
            testing::GRADS
                .iter()
                .flat_map(|g| {
                    o.step(0.1, &mut p, g);
                    p
                })
                .collect::<Vec<f32>>()
        };
        for k in OptimizerKind::ALL {
            for h in k.hyperparameters() {
                assert!(fields.iter().any(|(name, _)| name == h), "{} declares '{h}', which the settings lack", k.name());
            }
            let base = OptimizerSettings { kind: k, ..Default::default() };
            for (name, field) in fields {
                let mut nudged = base;
                *field(&mut nudged) *= 0.5;
                let reads = steps(&nudged) != steps(&base);
                assert_eq!(reads, k.hyperparameters().contains(&name), "{} and {name}", k.name());
            }
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

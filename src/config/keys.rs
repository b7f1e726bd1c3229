//! The table of settings keys: every key once, with everything parsing, printing,
//! validation, the command line's help and the page's controls need to know about it, and
//! what a change of it affects (the page decides from that alone whether to change the
//! rate in place, rebuild the trainers, redraw the network or make new data).
//! A new setting is one row here (and its field in [`Settings`]). The file is long because
//! the table is: one row of about fifteen lines per key, kept together so that every fact
//! about a key stands in one place.

use super::{err, ConfigError, Settings, CLASSES_RANGE, POINTS_RANGE};
use crate::data::{DatasetKind, Feature};
use crate::engine::network::{MAX_HIDDEN_LAYERS, MAX_NEURONS};
use crate::engine::{Activation, Loss, OptimizerKind};

/// A setting whose values are names: its words in the settings string and what the page
/// calls each one.
pub trait Choice: Copy + PartialEq + Sized + 'static {
    /// Every value, in the order controls list them.
    const ALL: &'static [Self];
    /// The word in settings strings.
    fn name(self) -> &'static str;
    /// What the page shows.
    fn label(self) -> &'static str {
        self.name()
    }
    /// Parses the word (aliases allowed).
    fn from_name(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.name() == s)
    }
}

/// Declares an enum of named choices with its [`Choice`] impl.
macro_rules! choice_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $var:ident => $text:literal, $label:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$vdoc])* $var,)+ }
        impl Choice for $name {
            const ALL: &'static [Self] = &[$($name::$var,)+];
            fn name(self) -> &'static str { match self { $($name::$var => $text,)+ } }
            fn label(self) -> &'static str { match self { $($name::$var => $label,)+ } }
        }
    };
}

choice_enum! {
    /// The learning-rate schedule (its parameters are keys of their own).
    ScheduleKind {
        /// The base rate throughout.
        Constant => "constant", "constant";
        /// × `decay` every `decayEvery` epochs.
        Step => "step", "step decay";
        /// The smooth version of step decay.
        Exp => "exp", "exponential";
        /// Cosine annealing down to `lrMin` every `period` epochs.
        Cosine => "cosine", "cosine";
        /// Triangular cycles between `lrMin` and the rate.
        Cyclic => "cyclic", "cyclical";
    }
}

choice_enum! {
    /// The weight penalty.
    RegKind {
        /// No penalty.
        None => "none", "none";
        /// Σ|w|.
        L1 => "l1", "L1";
        /// ½Σw².
        L2 => "l2", "L2";
        /// A mix of both (`l1Ratio` is the L1 share).
        Elastic => "elastic", "elastic net";
    }
}

choice_enum! {
    /// How the weights start.
    InitKind {
        /// Uniform in ±0.5 (TensorFlow Playground's).
        Uniform => "uniform", "uniform ±0.5";
        /// Normal with σ = `initSd`.
        Normal => "normal", "normal";
        /// Xavier/Glorot, for tanh and sigmoid.
        Xavier => "xavier", "Xavier";
        /// He/Kaiming, for ReLU.
        He => "he", "He";
    }
}

choice_enum! {
    /// A feature that is on or off.
    Switch {
        /// On.
        On => "on", "on";
        /// Off.
        Off => "off", "off";
    }
}

choice_enum! {
    /// What the output neurons compute.
    OutputKind {
        /// What the problem calls for: sigmoid for two classes, softmax for K, linear for
        /// regression (softmax for two classes with `loss=xent`).
        Auto => "auto", "auto";
        /// One neuron, the probability of class 1.
        Sigmoid => "sigmoid", "sigmoid";
        /// One neuron between −1 and 1, trained on squared error.
        Tanh => "tanh", "tanh";
        /// One neuron, its weighted sum as it is.
        Linear => "linear", "linear";
        /// One neuron per class, their probabilities.
        Softmax => "softmax", "softmax";
    }
}

impl Choice for DatasetKind {
    const ALL: &'static [Self] = &DatasetKind::ALL;
    fn name(self) -> &'static str {
        DatasetKind::name(self)
    }
    fn label(self) -> &'static str {
        match self {
            DatasetKind::Circle => "Circle",
            DatasetKind::Xor => "Exclusive or",
            DatasetKind::Gauss => "Gaussian clusters",
            DatasetKind::Spiral => "Spiral",
            DatasetKind::Moons => "Two moons",
            DatasetKind::Blobs => "Blobs (K classes)",
            DatasetKind::RegPlane => "Regression: plane",
            DatasetKind::RegGauss => "Regression: bumps",
            DatasetKind::Custom => "Your data (CSV)",
        }
    }
    fn from_name(s: &str) -> Option<Self> {
        DatasetKind::from_name(s)
    }
}

impl Choice for OptimizerKind {
    const ALL: &'static [Self] = &OptimizerKind::ALL;
    fn name(self) -> &'static str {
        OptimizerKind::name(self)
    }
    fn label(self) -> &'static str {
        OptimizerKind::label(self)
    }
}

/// The activations a hidden layer can use, in the order the page lists them (the step
/// function has no gradient, so it belongs to the perceptron only).
impl Choice for Activation {
    const ALL: &'static [Self] = &[
        Activation::Tanh,
        Activation::Sigmoid,
        Activation::Relu,
        Activation::LeakyRelu,
        Activation::Elu,
        Activation::Silu,
        Activation::Gelu,
        Activation::Linear,
    ];
    fn name(self) -> &'static str {
        Activation::name(self)
    }
    fn from_name(s: &str) -> Option<Self> {
        Activation::from_name(s)
    }
}

impl Choice for Loss {
    const ALL: &'static [Self] = &Loss::ALL;
    fn name(self) -> &'static str {
        Loss::name(self)
    }
    fn label(self) -> &'static str {
        match self {
            Loss::Mse => "mean squared",
            Loss::BinaryCrossEntropy => "binary cross-entropy",
            Loss::SoftmaxCrossEntropy => "softmax cross-entropy",
        }
    }
}

impl Choice for Feature {
    const ALL: &'static [Self] = &Feature::ALL;
    fn name(self) -> &'static str {
        Feature::name(self)
    }
    fn label(self) -> &'static str {
        Feature::label(self)
    }
}

/// `(value, label)` of every choice of `T`.
pub fn choices_of<T: Choice>() -> Vec<(&'static str, &'static str)> {
    T::ALL.iter().map(|c| (c.name(), c.label())).collect()
}

fn no_choices() -> Vec<(&'static str, &'static str)> {
    Vec::new()
}

fn loss_choices() -> Vec<(&'static str, &'static str)> {
    let mut c = vec![("auto", "auto")];
    c.extend(choices_of::<Loss>());
    c
}

/// Parses one of `T`'s words, or says which words there are.
pub fn pick<T: Choice>(key: &str, v: &str) -> Result<T, ConfigError> {
    T::from_name(v.trim()).ok_or_else(|| {
        let names: Vec<&str> = T::ALL.iter().map(|c| c.name()).collect();
        err(key, format!("unknown value '{v}'; choose one of {}", names.join(", ")))
    })
}

/// A number within `lo..=hi`, checked after rounding to `f32` (so a tiny value that rounds
/// to 0 is caught by the caller's check for 0, and the string written back parses again).
fn number(key: &str, v: &str, lo: f64, hi: f64, what: &str) -> Result<f32, ConfigError> {
    let x: f64 = v.trim().parse().map_err(|_| err(key, format!("'{v}' is not a number; {what}")))?;
    if !x.is_finite() || x < lo || x > hi {
        return Err(err(key, format!("'{v}' is out of range; {what}")));
    }
    Ok(x as f32)
}

/// A number above 0 and at most `hi`: `zero` says why 0 is no good.
fn positive(key: &str, v: &str, hi: f64, what: &str, zero: &str) -> Result<f32, ConfigError> {
    let x = number(key, v, 0.0, hi, what)?;
    if x <= 0.0 {
        return Err(err(key, zero));
    }
    Ok(x)
}

/// A page switch: 1 (on) or 0 (off, or empty).
fn switch01(key: &str, v: &str) -> Result<bool, ConfigError> {
    match v.trim() {
        "1" | "on" | "true" => Ok(true),
        "0" | "off" | "false" | "" => Ok(false),
        other => Err(err(key, format!("'{other}' is not 1 (on) or 0 (off)"))),
    }
}

fn integer(key: &str, v: &str, lo: u64, hi: u64) -> Result<u64, ConfigError> {
    let what = format!("a whole number from {lo} to {hi}");
    let x: u64 = v.trim().parse().map_err(|_| err(key, format!("'{v}' is not {what}")))?;
    if x < lo || x > hi {
        return Err(err(key, format!("{x} is out of range; {what}")));
    }
    Ok(x)
}

fn list<T>(v: &str, parse: impl Fn(&str) -> Result<T, ConfigError>) -> Result<Vec<T>, ConfigError> {
    v.split(',').map(str::trim).filter(|s| !s.is_empty()).map(parse).collect()
}

fn join<T>(items: &[T], f: impl Fn(&T) -> String) -> String {
    items.iter().map(f).collect::<Vec<_>>().join(",")
}

fn hidden_activation(key: &str, v: &str) -> Result<Activation, ConfigError> {
    if Activation::from_name(v.trim()) == Some(Activation::Step) {
        return Err(err(key, "the step function has no gradient, so a network cannot learn with it; it belongs to the perceptron"));
    }
    pick(key, v)
}

/// What a change of a key does to the run, weakest first: the order in which a change of
/// several keys is as strong as the strongest of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Affects {
    /// Nothing the run depends on: only the caption (and the link) changes.
    Caption,
    /// Changed in place on the running trainers: no reset.
    Live,
    /// A fresh trainer on the same data, with a network of the same shape.
    Rebuild,
    /// The network's shape: its inputs, layers, activations, biases, batch normalization
    /// or output units (on the same data).
    Shape,
    /// The points themselves (and so everything trained on them).
    Data,
}

/// One settings key.
pub struct Key {
    /// The key in the settings string (`regRate`); the command line also takes it in
    /// kebab case (`--reg-rate`).
    pub name: &'static str,
    /// The label of the page's control.
    pub label: &'static str,
    /// What values it takes, for help texts ("0–50", "comma list of …"); for a key with
    /// choices, the help lists them instead.
    pub values: &'static str,
    /// What it does, one line for a student.
    pub help: &'static str,
    /// Named values as `(value, label)`; empty for numbers and lists.
    pub choices: fn() -> Vec<(&'static str, &'static str)>,
    /// The values a drop-down offers for a numeric key.
    pub presets: &'static [&'static str],
    /// The value as the settings string writes it; `None` leaves the key out.
    pub get: fn(&Settings) -> Option<String>,
    /// Checks the value on its own and stores it.
    pub set: fn(&mut Settings, &str, &str) -> Result<(), ConfigError>,
    /// The strongest effect a change of this key can have: `loss=xent` can turn one output
    /// into two, and a comparison can give the run shown first another activation, so the
    /// loss and `compare` change the shape.
    pub affects: Affects,
    /// Whether the runs of a comparison may differ in it: keys that change the trainer
    /// only may, and shape keys that say so; the data and the caption never (the runs
    /// share the data, and a lesson is not part of a run).
    pub comparable: bool,
}

impl Key {
    const fn new(
        name: &'static str,
        label: &'static str,
        values: &'static str,
        help: &'static str,
        affects: Affects,
        get: fn(&Settings) -> Option<String>,
        set: fn(&mut Settings, &str, &str) -> Result<(), ConfigError>,
    ) -> Key {
        let comparable = matches!(affects, Affects::Live | Affects::Rebuild);
        Key { name, label, values, help, choices: no_choices, presets: &[], get, set, affects, comparable }
    }

    /// Lets the runs of a comparison differ in this shape key (each run's path on the loss
    /// surface then starts at its own weights).
    const fn comparable(mut self) -> Key {
        self.comparable = true;
        self
    }

    /// Keeps the runs of a comparison alike in this key (its values are lists of their own).
    const fn incomparable(mut self) -> Key {
        self.comparable = false;
        self
    }

    const fn choices(mut self, choices: fn() -> Vec<(&'static str, &'static str)>) -> Key {
        self.choices = choices;
        self
    }

    const fn presets(mut self, presets: &'static [&'static str]) -> Key {
        self.presets = presets;
        self
    }

    /// The allowed values as help shows them: the choices, or the `values` text.
    pub fn allowed(&self) -> String {
        let c = (self.choices)();
        if c.is_empty() {
            self.values.to_string()
        } else {
            c.iter().map(|(v, _)| *v).collect::<Vec<_>>().join("|")
        }
    }

    /// The value in the default settings (empty when the default leaves the key out).
    pub fn default_value(&self) -> String {
        (self.get)(&Settings::default()).unwrap_or_default()
    }

    /// The flag's name: `regRate` → `reg-rate`.
    pub fn flag(&self) -> String {
        let mut out = String::new();
        for c in self.name.chars() {
            if c.is_ascii_uppercase() {
                out.push('-');
                out.push(c.to_ascii_lowercase());
            } else {
                out.push(c);
            }
        }
        out
    }
}

const RATES: &[&str] = &["0.00001", "0.0001", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1", "3", "10"];
const DECAYS: &[&str] = &["0.5", "0.8", "0.9", "0.95", "0.99"];
const EPOCHS: &[&str] = &["10", "25", "50", "100", "200", "500"];

fn lesson_choices() -> Vec<(&'static str, &'static str)> {
    crate::lessons::LESSONS.iter().map(|l| (l.id, l.title)).collect()
}

/// Every key, in the order the settings string writes them.
pub const TABLE: &[Key] = &[
    Key::new(
        "lesson",
        "Lesson",
        "",
        "the lesson these settings belong to (its caption and views)",
        Affects::Caption,
        |s| s.lesson.map(str::to_string),
        |s, k, v| {
            s.lesson = if v.trim().is_empty() {
                None
            } else {
                Some(crate::lessons::find(v.trim()).map(|l| l.id).ok_or_else(|| {
                    let ids: Vec<&str> = crate::lessons::LESSONS.iter().map(|l| l.id).collect();
                    err(k, format!("unknown lesson '{v}'; the lessons are {}", ids.join(", ")))
                })?)
            };
            Ok(())
        },
    )
    .choices(lesson_choices),
    Key::new(
        "title",
        "Title",
        "text",
        "a lesson of your own: its title (percent-encoded in a link)",
        Affects::Caption,
        |s| s.caption.title.as_deref().map(super::page::encode_text),
        |s, k, v| {
            s.caption.title = super::page::read_text(k, v)?;
            Ok(())
        },
    ),
    Key::new(
        "explain",
        "Explanation",
        "text",
        "a lesson of your own: what it shows",
        Affects::Caption,
        |s| s.caption.explain.as_deref().map(super::page::encode_text),
        |s, k, v| {
            s.caption.explain = super::page::read_text(k, v)?;
            Ok(())
        },
    ),
    Key::new(
        "try",
        "Try",
        "text",
        "a lesson of your own: what to try",
        Affects::Caption,
        |s| s.caption.try_this.as_deref().map(super::page::encode_text),
        |s, k, v| {
            s.caption.try_this = super::page::read_text(k, v)?;
            Ok(())
        },
    ),
    Key::new(
        "ask",
        "Question",
        "text",
        "a lesson of your own: a question for the class",
        Affects::Caption,
        |s| s.caption.ask.as_deref().map(super::page::encode_text),
        |s, k, v| {
            s.caption.ask = super::page::read_text(k, v)?;
            Ok(())
        },
    ),
    Key::new(
        "play",
        "Play",
        "0 or 1",
        "1: the page starts training as soon as it opens",
        Affects::Caption,
        |s| s.play.then(|| "1".to_string()),
        |s, k, v| {
            s.play = switch01(k, v)?;
            Ok(())
        },
    ),
    Key::new(
        "until",
        "Pause at epoch",
        "1–1000000",
        "the page pauses training when it reaches this epoch (\"run to 200 and stop\"); empty: never",
        Affects::Caption,
        |s| s.until.map(|n| n.to_string()),
        |s, k, v| {
            s.until = if v.trim().is_empty() { None } else { Some(integer(k, v, 1, 1_000_000)? as usize) };
            Ok(())
        },
    )
    .presets(&["50", "100", "200", "500", "1000"]),
    Key::new(
        "views",
        "Views",
        "view names",
        "the views open on the page (walk, perceptron, activations, grad-norms, loss-surface, lr-finder)",
        Affects::Caption,
        |s| s.views.as_ref().map(|v| super::page::write_views(v)),
        |s, k, v| {
            s.views = Some(super::page::read_views(k, v)?);
            Ok(())
        },
    ),
    Key::new(
        "embed",
        "Embedded",
        "0 or 1",
        "1: the stage alone, without the header and the settings, for a frame in slides or on a course page",
        Affects::Caption,
        |s| s.embed.then(|| "1".to_string()),
        |s, k, v| {
            s.embed = switch01(k, v)?;
            Ok(())
        },
    ),
    Key::new(
        "present",
        "Presentation",
        "0 or 1",
        "1: the page opens in presentation mode",
        Affects::Caption,
        |s| s.present.then(|| "1".to_string()),
        |s, k, v| {
            s.present = switch01(k, v)?;
            Ok(())
        },
    ),
    Key::new(
        "discretize",
        "Discretize output",
        "0 or 1",
        "1: the plot shows each point's class alone, not how sure the network is (a boundary's line stands out sharp)",
        Affects::Caption,
        |s| s.discretize.then(|| "1".to_string()),
        |s, k, v| {
            s.discretize = switch01(k, v)?;
            Ok(())
        },
    ),
    Key::new(
        "walk",
        "Walk-through",
        "POINT@STEP",
        "where the walk-through stands: training point 12 at step 5 (12@5), or a typed point X1:X2:TARGET@STEP",
        Affects::Caption,
        |s| s.walk.map(super::page::WalkAt::write),
        |s, k, v| {
            s.walk = if v.trim().is_empty() { None } else { Some(super::page::WalkAt::read(k, v)?) };
            Ok(())
        },
    ),
    Key::new(
        "typed",
        "Typed weights",
        "INDEX:VALUE,…",
        "weights and biases typed by hand, by their place among the parameters (3:0.5,7:-1.2); they replace the initial ones",
        Affects::Rebuild,
        |s| (!s.typed.is_empty()).then(|| super::page::write_typed(&s.typed)),
        |s, k, v| {
            s.typed = super::page::read_typed(k, v)?;
            Ok(())
        },
    )
    .incomparable(),
    Key::new(
        "add",
        "Added points",
        "X1:X2:LABEL,…",
        "training points added by hand",
        Affects::Data,
        |s| (!s.edits.added.is_empty()).then(|| super::page::write_added(&s.edits.added)),
        |s, k, v| {
            s.edits.added = super::page::read_added(k, v)?;
            Ok(())
        },
    ),
    Key::new(
        "drop",
        "Removed points",
        "X1:X2,…",
        "points removed by hand, by their coordinates",
        Affects::Data,
        |s| (!s.edits.removed.is_empty()).then(|| super::page::write_removed(&s.edits.removed)),
        |s, k, v| {
            s.edits.removed = super::page::read_removed(k, v)?;
            Ok(())
        },
    ),
    Key::new(
        "dataset",
        "Dataset",
        "",
        "the dataset",
        Affects::Data,
        |s| Some(s.dataset.name().into()),
        |s, k, v| {
            s.dataset = pick(k, v)?;
            Ok(())
        },
    )
    .choices(choices_of::<DatasetKind>),
    Key::new(
        "classes",
        "Classes",
        "2–6",
        "classes of spiral and blobs (other datasets have 2)",
        Affects::Data,
        |s| s.classes.map(|c| c.to_string()),
        |s, k, v| {
            s.classes = Some(integer(k, v, CLASSES_RANGE.0 as u64, CLASSES_RANGE.1 as u64)? as usize);
            Ok(())
        },
    )
    .presets(&["2", "3", "4", "5", "6"]),
    Key::new(
        "points",
        "Points",
        "20–10000",
        "number of points",
        Affects::Data,
        |s| Some(s.points.to_string()),
        |s, k, v| {
            s.points = integer(k, v, POINTS_RANGE.0 as u64, POINTS_RANGE.1 as u64)? as usize;
            Ok(())
        },
    ),
    Key::new(
        "noise",
        "Noise",
        "0–50",
        "noise, percent",
        Affects::Data,
        |s| Some(s.noise.to_string()),
        |s, k, v| {
            s.noise = number(k, v, 0.0, 50.0, "noise is a percentage from 0 to 50")?;
            Ok(())
        },
    ),
    Key::new(
        "train",
        "Training data",
        "10–90",
        "percent of the points used for training",
        Affects::Data,
        |s| Some(s.train.to_string()),
        |s, k, v| {
            s.train = number(k, v, 10.0, 90.0, "the training share is a percentage from 10 to 90")?;
            Ok(())
        },
    ),
    Key::new(
        "val",
        "Validation data",
        "0–50",
        "percent of the points set aside for validation (early stopping and the best epoch use it); the test set is the rest",
        Affects::Data,
        |s| Some(s.val.to_string()),
        |s, k, v| {
            s.val = number(k, v, 0.0, 50.0, "the validation share is a percentage from 0 to 50")?;
            Ok(())
        },
    )
    .presets(&["0", "10", "20", "30"]),
    Key::new(
        "features",
        "Features",
        "comma list of x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2",
        "the input features",
        Affects::Shape,
        |s| Some(join(&s.features, |f| f.name().to_string())),
        |s, k, v| {
            let fs = list(v, |x| pick::<Feature>(k, x))?;
            if fs.is_empty() {
                return Err(err(k, "pick at least one input feature"));
            }
            if let Some(d) = fs.iter().enumerate().find(|(i, f)| fs[..*i].contains(f)) {
                return Err(err(k, format!("{} is listed twice", d.1.name())));
            }
            s.features = fs;
            Ok(())
        },
    ),
    Key::new(
        "layers",
        "Hidden layers",
        "comma list of sizes, 1–256 each, at most 12 layers (empty: none)",
        "neurons in each hidden layer",
        Affects::Shape,
        |s| Some(join(&s.layers, |n| n.to_string())),
        |s, k, v| {
            let sizes = list(v, |x| integer(k, x, 1, MAX_NEURONS as u64).map(|n| n as usize))?;
            if sizes.len() > MAX_HIDDEN_LAYERS {
                return Err(err(k, format!("{} hidden layers is too many; at most {MAX_HIDDEN_LAYERS}", sizes.len())));
            }
            s.layers = sizes;
            Ok(())
        },
    ),
    Key::new(
        "activation",
        "Activation",
        "",
        "the activation of every hidden layer",
        Affects::Shape,
        |s| Some(s.activation.name().into()),
        |s, k, v| {
            s.activation = hidden_activation(k, v)?;
            Ok(())
        },
    )
    .choices(choices_of::<Activation>)
    .comparable(),
    Key::new(
        "activations",
        "Activations",
        "comma list, one activation per hidden layer",
        "per-layer activations, overriding activation",
        Affects::Shape,
        |s| s.activations.as_ref().map(|a| join(a, |x| x.name().to_string())),
        |s, k, v| {
            s.activations = if v.trim().is_empty() { None } else { Some(list(v, |x| hidden_activation(k, x))?) };
            Ok(())
        },
    ),
    Key::new(
        "output",
        "Output",
        "",
        "what the output neurons compute",
        Affects::Shape,
        |s| Some(s.output.name().into()),
        |s, k, v| {
            s.output = pick(k, v)?;
            Ok(())
        },
    )
    .choices(choices_of::<OutputKind>),
    Key::new(
        "bias",
        "Biases",
        "",
        "whether neurons have biases (textbook examples often have none)",
        Affects::Shape,
        |s| Some(s.bias.name().into()),
        |s, k, v| {
            s.bias = pick(k, v)?;
            Ok(())
        },
    )
    .choices(choices_of::<Switch>),
    Key::new(
        "batchnorm",
        "Batch norm",
        "",
        "batch normalization of every hidden layer's weighted sums (minibatch statistics while training, running averages after)",
        Affects::Shape,
        |s| Some(s.batchnorm.name().into()),
        |s, k, v| {
            s.batchnorm = pick(k, v)?;
            Ok(())
        },
    )
    .choices(choices_of::<Switch>)
    .comparable(),
    Key::new(
        "loss",
        "Loss",
        "",
        "the loss (auto: bce for two classes, xent for K, mse for regression)",
        Affects::Shape,
        |s| Some(s.loss.map_or("auto", Loss::name).into()),
        |s, k, v| {
            s.loss = if v.trim() == "auto" {
                None
            } else {
                Some(pick(k, v).map_err(|_| err(k, format!("unknown value '{v}'; choose one of auto, mse, bce, xent")))?)
            };
            Ok(())
        },
    )
    .choices(loss_choices)
    .comparable(),
    Key::new(
        "optimizer",
        "Optimizer",
        "",
        "the optimizer",
        Affects::Rebuild,
        |s| Some(s.optimizer.name().into()),
        |s, k, v| {
            s.optimizer = pick(k, v)?;
            Ok(())
        },
    )
    .choices(choices_of::<OptimizerKind>),
    Key::new(
        "lr",
        "Learning rate (live)",
        "above 0, at most 10",
        "the learning rate",
        Affects::Live,
        |s| Some(s.lr.to_string()),
        |s, k, v| {
            s.lr = positive(
                k,
                v,
                10.0,
                "the learning rate is a number above 0 and at most 10",
                "a learning rate of 0 never changes the weights; use a number above 0",
            )?;
            Ok(())
        },
    )
    .presets(RATES),
    Key::new(
        "momentum",
        "Momentum μ",
        "0–0.999",
        "μ of momentum and Nesterov",
        Affects::Rebuild,
        |s| Some(s.momentum.to_string()),
        |s, k, v| {
            s.momentum = number(k, v, 0.0, 0.999, "momentum is from 0 to 0.999")?;
            Ok(())
        },
    )
    .presets(&["0", "0.5", "0.8", "0.9", "0.95", "0.99"]),
    Key::new(
        "beta1",
        "β₁",
        "0–0.9999",
        "Adam's decay of the mean gradient",
        Affects::Rebuild,
        |s| Some(s.beta1.to_string()),
        |s, k, v| {
            s.beta1 = number(k, v, 0.0, 0.9999, "beta1 is from 0 to 0.9999")?;
            Ok(())
        },
    )
    .presets(&["0.5", "0.8", "0.9", "0.95", "0.99"]),
    Key::new(
        "beta2",
        "β₂",
        "0–0.99999",
        "Adam's decay of the mean squared gradient",
        Affects::Rebuild,
        |s| Some(s.beta2.to_string()),
        |s, k, v| {
            s.beta2 = number(k, v, 0.0, 0.99999, "beta2 is from 0 to 0.99999")?;
            Ok(())
        },
    )
    .presets(&["0.9", "0.99", "0.999", "0.9999"]),
    Key::new(
        "rho",
        "ρ",
        "0–0.9999",
        "RMSProp's and Adadelta's decay of the averages",
        Affects::Rebuild,
        |s| Some(s.rho.to_string()),
        |s, k, v| {
            s.rho = number(k, v, 0.0, 0.9999, "rho is from 0 to 0.9999")?;
            Ok(())
        },
    )
    .presets(DECAYS),
    Key::new(
        "batch",
        "Batch size",
        "1–10000",
        "examples per step (1: per-example SGD)",
        Affects::Rebuild,
        |s| Some(s.batch.to_string()),
        |s, k, v| {
            s.batch = integer(k, v, 1, POINTS_RANGE.1 as u64)? as usize;
            Ok(())
        },
    ),
    Key::new(
        "schedule",
        "LR schedule",
        "",
        "how the learning rate changes over the epochs",
        Affects::Rebuild,
        |s| Some(s.schedule.name().into()),
        |s, k, v| {
            s.schedule = pick(k, v)?;
            Ok(())
        },
    )
    .choices(choices_of::<ScheduleKind>),
    Key::new(
        "decay",
        "× every",
        "above 0, at most 1",
        "step/exp: multiply the rate by this…",
        Affects::Rebuild,
        |s| Some(s.decay.to_string()),
        |s, k, v| {
            s.decay = positive(
                k,
                v,
                1.0,
                "decay multiplies the rate: a number above 0 and at most 1",
                "a decay of 0 would stop learning at once; use a number above 0",
            )?;
            Ok(())
        },
    )
    .presets(&["0.1", "0.5", "0.8", "0.9", "0.95", "0.99"]),
    Key::new(
        "decayEvery",
        "epochs",
        "1–1000000",
        "…every this many epochs",
        Affects::Rebuild,
        |s| Some(s.decay_every.to_string()),
        |s, k, v| {
            s.decay_every = integer(k, v, 1, 1_000_000)? as u32;
            Ok(())
        },
    )
    .presets(EPOCHS),
    Key::new(
        "period",
        "Period",
        "2–1000000",
        "cosine/cyclic: epochs per cycle",
        Affects::Rebuild,
        |s| Some(s.period.to_string()),
        |s, k, v| {
            s.period = integer(k, v, 2, 1_000_000)? as u32;
            Ok(())
        },
    )
    .presets(EPOCHS),
    Key::new(
        "lrMin",
        "Min rate",
        "0–10",
        "cosine/cyclic: the lowest rate",
        Affects::Rebuild,
        |s| Some(s.lr_min.to_string()),
        |s, k, v| {
            s.lr_min = number(k, v, 0.0, 10.0, "the lowest rate is from 0 to 10")?;
            Ok(())
        },
    )
    .presets(&["0", "0.00001", "0.0001", "0.001", "0.01"]),
    Key::new(
        "reg",
        "Regularization",
        "",
        "the weight penalty",
        Affects::Rebuild,
        |s| Some(s.reg.name().into()),
        |s, k, v| {
            s.reg = pick(k, v)?;
            Ok(())
        },
    )
    .choices(choices_of::<RegKind>),
    Key::new(
        "regRate",
        "Reg. rate",
        "0–10",
        "the penalty's strength",
        Affects::Rebuild,
        |s| Some(s.reg_rate.to_string()),
        |s, k, v| {
            s.reg_rate = number(k, v, 0.0, 10.0, "the regularisation rate is from 0 to 10")?;
            Ok(())
        },
    )
    .presets(&["0", "0.0001", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1", "3", "10"]),
    Key::new(
        "l1Ratio",
        "L1 share",
        "0–1",
        "elastic net: the L1 share",
        Affects::Rebuild,
        |s| Some(s.l1_ratio.to_string()),
        |s, k, v| {
            s.l1_ratio = number(k, v, 0.0, 1.0, "the L1 share is from 0 to 1")?;
            Ok(())
        },
    )
    .presets(&["0", "0.25", "0.5", "0.75", "1"]),
    Key::new(
        "dropout",
        "Dropout",
        "0–0.9",
        "probability of dropping a hidden neuron while training",
        Affects::Rebuild,
        |s| Some(s.dropout.to_string()),
        |s, k, v| {
            s.dropout = number(k, v, 0.0, 0.9, "dropout is a probability from 0 to 0.9")?;
            Ok(())
        },
    )
    .presets(&["0", "0.1", "0.2", "0.3", "0.4", "0.5"]),
    Key::new(
        "init",
        "Init",
        "",
        "how the weights start",
        Affects::Rebuild,
        |s| Some(s.init.name().into()),
        |s, k, v| {
            s.init = pick(k, v)?;
            Ok(())
        },
    )
    .choices(choices_of::<InitKind>),
    Key::new(
        "initSd",
        "Init σ",
        "above 0, at most 10",
        "σ of the normal initialisation",
        Affects::Rebuild,
        |s| Some(s.init_sd.to_string()),
        |s, k, v| {
            s.init_sd =
                positive(k, v, 10.0, "the initial σ is above 0 and at most 10", "σ = 0 makes every weight equal; use a number above 0")?;
            Ok(())
        },
    )
    .presets(&["0.01", "0.1", "0.5", "1"]),
    Key::new(
        "patience",
        "Patience",
        "0–1000000",
        "early stopping: epochs without a better test loss (0: off); the best weights come back",
        Affects::Rebuild,
        |s| Some(s.patience.to_string()),
        |s, k, v| {
            s.patience = integer(k, v, 0, 1_000_000)? as usize;
            Ok(())
        },
    )
    .presets(&["0", "10", "25", "50", "100"]),
    Key::new(
        "seed",
        "Seed",
        "0–18446744073709551615",
        "every random choice: data, weights, shuffling, dropout",
        Affects::Data,
        |s| Some(s.seed.to_string()),
        |s, k, v| {
            s.seed = integer(k, v, 0, u64::MAX)?;
            Ok(())
        },
    ),
    Key::new(
        "compare",
        "Compare",
        "key:v1,v2,… (2–6 values; several keys joined by ;)",
        "runs side by side from the same start, e.g. optimizer:sgd,momentum,adam or lr:0.003,0.03,0.3",
        Affects::Shape,
        |s| {
            (!s.compare.is_empty())
                .then(|| s.compare.iter().map(|g| format!("{}:{}", g.key, g.values.join(","))).collect::<Vec<_>>().join(";"))
        },
        |s, k, v| {
            s.compare = compare_groups(k, v)?;
            Ok(())
        },
    )
    .presets(&[
        "optimizer:sgd,momentum,adam",
        "optimizer:sgd,momentum,nesterov",
        "optimizer:adagrad,rmsprop,adadelta,adam",
        "lr:0.003,0.03,0.3",
        "batch:1,10,100",
        "schedule:constant,step,cosine",
        "reg:none,l1,l2;regRate:0,0.003,0.003",
        "dropout:0,0.2,0.5",
        "init:uniform,xavier,he",
        "batchnorm:off,on",
    ]),
];

/// Parses `key:v1,v2;key2:w1,w2`, checking each key may vary and each value on its own.
fn compare_groups(k: &str, v: &str) -> Result<Vec<super::CompareGroup>, ConfigError> {
    let mut groups: Vec<super::CompareGroup> = Vec::new();
    for part in v.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, values) =
            part.split_once(':').ok_or_else(|| err(k, format!("'{part}' is not key:values; write e.g. optimizer:sgd,adam")))?;
        let row = key(name.trim()).ok_or_else(|| err(k, format!("'{}' is not a setting", name.trim())))?;
        if !row.comparable {
            return Err(err(k, format!("{} cannot differ between runs: they share the data, the network's shape and the seed", row.name)));
        }
        if groups.iter().any(|g| g.key == row.name) {
            return Err(err(k, format!("{} is compared twice", row.name)));
        }
        let values: Vec<String> = values.split(',').map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect();
        let (lo, hi) = super::RUNS_RANGE;
        if values.len() < lo || values.len() > hi {
            return Err(err(k, format!("{} values for {}; a comparison has {lo} to {hi} runs", values.len(), row.name)));
        }
        for x in &values {
            (row.set)(&mut Settings::default(), row.name, x).map_err(|e| err(k, format!("{}: {}", row.name, e.message)))?;
        }
        if let Some(g) = groups.first() {
            if g.values.len() != values.len() {
                return Err(err(
                    k,
                    format!(
                        "{} has {} values but {} has {}; the values are paired in order",
                        row.name,
                        values.len(),
                        g.key,
                        g.values.len()
                    ),
                ));
            }
        }
        groups.push(super::CompareGroup { key: row.name, values });
    }
    Ok(groups)
}

/// The row of `name`, if it is a key.
pub fn key(name: &str) -> Option<&'static Key> {
    TABLE.iter().find(|k| k.name == name)
}

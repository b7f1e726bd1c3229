//! The one settings type: everything a run depends on, read from and written to a
//! compact `key=value&…` string (the page's URL hash, the trainer's `--config`). Its keys
//! are the table in `keys.rs`, what the page adds to a link is `page.rs`, and its tests
//! are in `tests.rs`.
//!
//! Every field is checked with a message that names the key and what it accepts.
//! [`Settings::parse`] is strict (the command line); [`Settings::parse_lenient`] keeps
//! what it can and reports the rest (a shared link that is partly broken).

use crate::data::{self, DatasetKind, Feature, Problem};
use crate::engine::init::DEFAULT_NORMAL_SD;
use crate::engine::{
    Activation, EarlyStopping, Init, Loss, Network, NetworkConfig, OptimizerKind, OptimizerSettings, Output, Regularization, Rng, Schedule,
    Trainer, TrainerConfig,
};
use crate::formats::csv::CustomData;
use std::fmt;
use std::sync::Arc;

pub mod keys;
pub mod page;
pub use keys::{key, Affects, Choice, InitKind, Key, OutputKind, RegKind, ScheduleKind, Switch, TABLE};

/// The fewest and most points a dataset may have.
pub const POINTS_RANGE: (usize, usize) = (20, 10_000);
/// The fewest and most classes of the K-class datasets.
pub const CLASSES_RANGE: (usize, usize) = (2, 6);

/// A setting that could not be used, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The key concerned.
    pub key: String,
    /// What is wrong and what is allowed, for a student to read.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.key, self.message)
    }
}

impl std::error::Error for ConfigError {}

fn err(key: &str, message: impl Into<String>) -> ConfigError {
    ConfigError { key: cut(key), message: cut_quoted(&message.into()) }
}

/// The most characters of a person's input a message echoes back.
pub const ECHO_CHARS: usize = 60;

/// Text as a message echoes it: at most [`ECHO_CHARS`] characters, then "…".
pub fn cut(s: &str) -> String {
    match s.char_indices().nth(ECHO_CHARS) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// A message with every quoted value ('…') cut to [`ECHO_CHARS`] characters: a 100 KB link
/// gets a message of a line, not of 100 KB. A quote opens after a space or punctuation
/// and closes before one, so an apostrophe inside a word ("the rate's") is no quote.
fn cut_quoted(message: &str) -> String {
    let chars: Vec<char> = message.chars().collect();
    let mut out = String::with_capacity(message.len().min(1000));
    let mut i = 0;
    while i < chars.len() {
        let opens = chars[i] == '\'' && (i == 0 || !chars[i - 1].is_alphanumeric());
        let close = (i + 1..chars.len()).find(|&j| chars[j] == '\'' && chars.get(j + 1).is_none_or(|n| !n.is_alphanumeric()));
        match close.filter(|_| opens) {
            Some(j) => {
                out.push('\'');
                out.push_str(&cut(&chars[i + 1..j].iter().collect::<String>()));
                out.push('\'');
                i = j + 1;
            }
            None => {
                out.push(chars[i]);
                i += 1;
            }
        }
    }
    out
}

/// Every setting of a run. `Default` is TensorFlow Playground's starting page.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Which dataset.
    pub dataset: DatasetKind,
    /// Classes of the K-class datasets (spiral, blobs); `None` means the dataset's default.
    pub classes: Option<usize>,
    /// Number of points.
    pub points: usize,
    /// Noise, percent (0–50).
    pub noise: f32,
    /// Share of points used for training, percent (10–90).
    pub train: f32,
    /// Share of points set aside for validation, percent (0–50).
    pub val: f32,
    /// Input features.
    pub features: Vec<Feature>,
    /// Neurons per hidden layer.
    pub layers: Vec<usize>,
    /// Activation of every hidden layer (unless `activations` says otherwise).
    pub activation: Activation,
    /// Per-layer activations; when given, one per hidden layer.
    pub activations: Option<Vec<Activation>>,
    /// What the output neurons compute (`Auto`: what the problem and loss call for).
    pub output: OutputKind,
    /// Whether neurons have biases.
    pub bias: Switch,
    /// Batch normalization of the hidden layers.
    pub batchnorm: Switch,
    /// The loss; `None` picks the output's natural one.
    pub loss: Option<Loss>,
    /// The optimizer.
    pub optimizer: OptimizerKind,
    /// Learning rate.
    pub lr: f32,
    /// Momentum μ (momentum, nesterov).
    pub momentum: f32,
    /// Adam's β₁.
    pub beta1: f32,
    /// Adam's β₂.
    pub beta2: f32,
    /// ρ of RMSProp and Adadelta.
    pub rho: f32,
    /// Minibatch size.
    pub batch: usize,
    /// Learning-rate schedule.
    pub schedule: ScheduleKind,
    /// Step/exponential decay: multiply the rate by this…
    pub decay: f32,
    /// …every this many epochs.
    pub decay_every: u32,
    /// Cosine/cyclic: epochs per cycle.
    pub period: u32,
    /// Cosine/cyclic: the lowest rate.
    pub lr_min: f32,
    /// The weight penalty.
    pub reg: RegKind,
    /// Regularisation strength.
    pub reg_rate: f32,
    /// Elastic net: the L1 share.
    pub l1_ratio: f32,
    /// Dropout probability of hidden neurons while training.
    pub dropout: f32,
    /// Weight initialisation.
    pub init: InitKind,
    /// σ of the normal initialisation.
    pub init_sd: f32,
    /// Early stopping patience in epochs (0: off).
    pub patience: usize,
    /// Seed of every random choice (data, weights, shuffling, dropout).
    pub seed: u64,
    /// Runs side by side: each group varies one key, the k-th values of every group
    /// make run k (empty: a single run).
    pub compare: Vec<CompareGroup>,
    /// The lesson these settings belong to, by id.
    pub lesson: Option<&'static str>,
    /// The page starts training as soon as it opens (`play=1`).
    pub play: bool,
    /// The page pauses when training reaches this epoch (`until=200`).
    pub until: Option<usize>,
    /// The views open on the page (`None`: the lesson's, or none).
    pub views: Option<Vec<crate::lessons::View>>,
    /// Presentation mode.
    pub present: bool,
    /// The plot shows classes alone (`discretize=1`), as its checkbox does.
    pub discretize: bool,
    /// The stage alone, for a frame in slides (`embed=1`).
    pub embed: bool,
    /// Where the walk-through stands.
    pub walk: Option<page::WalkAt>,
    /// Weights and biases typed by hand, by flat index: they replace the initial ones.
    pub typed: Vec<(usize, f32)>,
    /// Points added and removed by hand.
    pub edits: page::PointEdits,
    /// A lesson written in the link (`title=`, `explain=`, `try=`, `ask=`).
    pub caption: page::Caption,
    /// Imported data (`dataset=custom`): not part of the settings string.
    pub custom: Option<Arc<CustomData>>,
}

/// One key of a comparison and its value in each run.
#[derive(Clone, Debug, PartialEq)]
pub struct CompareGroup {
    /// The settings key varied.
    pub key: &'static str,
    /// Its value in run 0, 1, ….
    pub values: Vec<String>,
}

/// The fewest and most runs a comparison has.
pub const RUNS_RANGE: (usize, usize) = (2, 6);

/// Keys a comparison cannot vary, read from the table's `comparable` column: the data and
/// the caption never (runs side by side share the data and the seed), nor the shape keys
/// whose rows do not allow it (the lists `features`, `layers` and `activations` cannot be
/// one of a comparison's comma-separated values; `output`, `bias` and `compare` itself).
pub const NOT_COMPARED: [&str; not_compared_count()] = {
    let mut names = [""; not_compared_count()];
    let (mut i, mut n) = (0, 0);
    while i < TABLE.len() {
        if !TABLE[i].comparable {
            names[n] = TABLE[i].name;
            n += 1;
        }
        i += 1;
    }
    names
};

const fn not_compared_count() -> usize {
    let (mut i, mut n) = (0, 0);
    while i < TABLE.len() {
        if !TABLE[i].comparable {
            n += 1;
        }
        i += 1;
    }
    n
}

/// What changing settings `a` into `b` does: the strongest effect, as the table's rows
/// declare it, among the keys whose values differ (other imported data counts as a change
/// of the data); `None` when no key differs. A value written differently that means the
/// same (`classes=2` on a dataset of two classes) changes only the link: `Caption`.
pub fn change_between(a: &Settings, b: &Settings) -> Option<Affects> {
    let custom_changed = match (&a.custom, &b.custom) {
        (Some(x), Some(y)) => !Arc::ptr_eq(x, y),
        (x, y) => x.is_some() != y.is_some(),
    };
    TABLE
        .iter()
        .filter(|k| (k.get)(a) != (k.get)(b))
        .map(|k| if a.get(k.name) == b.get(k.name) { Affects::Caption } else { k.affects })
        .chain(custom_changed.then_some(Affects::Data))
        .max()
}

/// One run of a comparison: its label and its own settings.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// What differs, as `key=value` (joined by ", " when several keys vary).
    pub label: String,
    /// The run's settings (no comparison of their own).
    pub settings: Settings,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            dataset: DatasetKind::Circle,
            classes: None,
            points: 500,
            noise: 0.0,
            train: 50.0,
            val: 0.0,
            features: vec![Feature::X1, Feature::X2],
            layers: vec![4, 2],
            activation: Activation::Tanh,
            activations: None,
            output: OutputKind::Auto,
            bias: Switch::On,
            batchnorm: Switch::Off,
            loss: None,
            optimizer: OptimizerKind::Sgd,
            lr: 0.03,
            momentum: 0.9,
            beta1: 0.9,
            beta2: 0.999,
            rho: 0.9,
            batch: 10,
            schedule: ScheduleKind::Constant,
            decay: 0.5,
            decay_every: 100,
            period: 100,
            lr_min: 0.0001,
            reg: RegKind::None,
            reg_rate: 0.0,
            l1_ratio: 0.5,
            dropout: 0.0,
            init: InitKind::Uniform,
            init_sd: DEFAULT_NORMAL_SD,
            patience: 0,
            seed: 1,
            compare: Vec::new(),
            lesson: None,
            play: false,
            until: None,
            views: None,
            present: false,
            embed: false,
            discretize: false,
            walk: None,
            typed: Vec::new(),
            edits: page::PointEdits::default(),
            caption: page::Caption::default(),
            custom: None,
        }
    }
}

/// Decodes `%XX` escapes (a URL hash may carry `%2C` for commas); bad escapes stay as typed.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit() {
            let hex = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
            out.push(hex(b[i + 1]) * 16 + hex(b[i + 2]));
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Settings {
    /// Sets one key from its string value, checking it on its own.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), ConfigError> {
        match keys::key(key) {
            Some(k) => (k.set)(self, k.name, value.trim()),
            None => {
                let names: Vec<&str> = TABLE.iter().map(|k| k.name).collect();
                Err(err(key, format!("unknown setting; known settings are {}", names.join(", "))))
            }
        }
    }

    /// Reads a settings string strictly: the first problem is the error.
    pub fn parse(s: &str) -> Result<Settings, ConfigError> {
        let mut settings = Settings::default();
        settings.apply(s, true)?;
        Ok(settings)
    }

    /// Reads a settings string leniently: every usable key is applied, every problem is
    /// returned, and settings that do not fit together fall back to their defaults.
    pub fn parse_lenient(s: &str) -> (Settings, Vec<ConfigError>) {
        Settings::parse_lenient_with(s, None)
    }

    /// [`parse_lenient`](Self::parse_lenient) with imported data at hand (the page keeps
    /// the last file it imported): a link that says `dataset=custom` then uses it.
    pub fn parse_lenient_with(s: &str, custom: Option<Arc<CustomData>>) -> (Settings, Vec<ConfigError>) {
        let mut settings = Settings { custom, ..Settings::default() };
        let errors = settings.apply_lenient(s);
        (settings, errors)
    }

    /// Applies the keys of a settings string on top of these settings, strictly
    /// (`strict`: stop at the first problem and leave `self` unchanged).
    pub fn apply(&mut self, s: &str, strict: bool) -> Result<(), ConfigError> {
        if strict {
            let mut next = self.clone();
            next.set_each(s)?;
            next.validate()?;
            *self = next;
            Ok(())
        } else {
            self.apply_lenient(s).into_iter().next().map_or(Ok(()), Err)
        }
    }

    /// Sets every key of a settings string, each checked on its own, stopping at the
    /// first problem; whether they fit together is left to [`validate`](Self::validate)
    /// (the command line attaches imported data first).
    pub fn set_each(&mut self, s: &str) -> Result<(), ConfigError> {
        for (k, v) in pairs(s) {
            match v {
                Some(v) => self.set(&k, &v)?,
                None => return Err(err(&k, "has no value; write key=value")),
            }
        }
        Ok(())
    }

    fn apply_lenient(&mut self, s: &str) -> Vec<ConfigError> {
        let mut errors = Vec::new();
        for (k, v) in pairs(s) {
            let r = match v {
                Some(v) => self.set(&k, &v),
                None => Err(err(&k, "has no value; write key=value")),
            };
            errors.extend(r.err());
        }
        // Fix combinations one at a time, falling back to what always fits.
        for _ in 0..8 {
            match self.validate() {
                Ok(()) => break,
                Err(e) => {
                    let d = Settings::default();
                    match e.key.as_str() {
                        "classes" => self.classes = None,
                        "dataset" => self.dataset = d.dataset,
                        "activations" => self.activations = None,
                        "loss" => self.loss = None,
                        "output" => self.output = OutputKind::Auto,
                        "batch" => self.batch = d.batch,
                        // The lowest rate follows the rate down: a link's slow rate keeps its schedule.
                        "lrMin" => self.lr_min = d.lr_min.min(self.lr),
                        "val" => self.val = d.val,
                        "compare" => self.compare.clear(),
                        _ => {
                            let seed = self.seed;
                            *self = Settings { seed, ..d };
                        }
                    }
                    errors.push(e);
                }
            }
        }
        errors
    }

    /// Checks that the settings fit together (each key alone was checked by [`set`](Self::set)).
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.dataset == DatasetKind::Custom {
            if self.custom.is_none() {
                return Err(err(
                    "dataset",
                    "dataset=custom is your own data, which a link does not carry: import the CSV file on the page, or give it to the command line with --data FILE.csv",
                ));
            }
            if self.classes.is_some() {
                return Err(err("classes", "the classes of your own data come from its label column"));
            }
        }
        if let Some(k) = self.classes {
            if k != 2 && !self.dataset.allows_classes() {
                return Err(err("classes", format!("only spiral and blobs can have more than 2 classes; {} has 2", self.dataset.name())));
            }
        }
        if let Some(acts) = &self.activations {
            if acts.len() != self.layers.len() {
                return Err(err(
                    "activations",
                    format!("{} activations given for {} hidden layers; give one per layer", acts.len(), self.layers.len()),
                ));
            }
        }
        let problem = self.problem();
        match (self.loss, problem) {
            (Some(Loss::BinaryCrossEntropy | Loss::SoftmaxCrossEntropy), Problem::Regression) => {
                return Err(err(
                    "loss",
                    format!(
                        "{} is a classification loss; {} is a regression dataset, use mse",
                        self.loss.unwrap().name(),
                        self.dataset.name()
                    ),
                ));
            }
            (Some(Loss::BinaryCrossEntropy), Problem::MultiClass(k)) => {
                return Err(err("loss", format!("bce is for two classes; this dataset has {k}, use xent")));
            }
            _ => {}
        }
        let (_, output) = self.output_layer()?;
        if let Some(required) = self.loss().required_output() {
            if required != output {
                let (loss, want) = (self.loss().name(), if required == Output::Sigmoid { "sigmoid" } else { "softmax" });
                return Err(err(
                    "loss",
                    format!("{loss} needs a {want} output, but output={}; choose output={want} or auto, or loss=mse", self.output.name()),
                ));
            }
        }
        if self.train + self.val > 90.0 {
            return Err(err(
                "val",
                format!(
                    "{}% for training and {}% for validation leave less than 10% to test on; keep the two at 90% together",
                    self.train, self.val
                ),
            ));
        }
        if self.batchnorm == Switch::On && self.batch < 2 {
            return Err(err(
                "batch",
                "batch normalization needs minibatches of at least 2 examples: with 1, every normalised sum is 0; use batch=2 or more, or batchnorm=off",
            ));
        }
        if !self.compare.is_empty() {
            self.runs()?;
        }
        if self.lr_min > self.lr && matches!(self.schedule, ScheduleKind::Cosine | ScheduleKind::Cyclic) {
            return Err(err("lrMin", format!("the lowest rate {} is above the learning rate {}", self.lr_min, self.lr)));
        }
        self.network_config(self.features.len()).validate().map_err(|m| err("layers", m))?;
        Ok(())
    }

    /// The runs to train side by side: one per value of the comparison (each group's k-th
    /// value makes run k), or just these settings. Same data and seed, so runs whose
    /// network has the same shape start from the same weights.
    pub fn runs(&self) -> Result<Vec<Run>, ConfigError> {
        let base = Settings { compare: Vec::new(), ..self.clone() };
        let Some(first) = self.compare.first() else {
            return Ok(vec![Run { label: String::new(), settings: base }]);
        };
        (0..first.values.len())
            .map(|k| {
                let mut settings = base.clone();
                let mut label = Vec::new();
                for g in &self.compare {
                    let v = g.values.get(k).ok_or_else(|| err("compare", "every group needs the same number of values"))?;
                    settings.set(g.key, v).map_err(|e| err("compare", format!("run {} ({}={v}): {}", k + 1, g.key, e.message)))?;
                    label.push(format!("{}={v}", g.key));
                }
                let label = label.join(", ");
                settings.validate().map_err(|e| err("compare", format!("run {} ({label}): {e}", k + 1)))?;
                Ok(Run { label, settings })
            })
            .collect()
    }

    /// The number of classes in effect.
    pub fn classes(&self) -> usize {
        match (self.dataset, &self.custom) {
            (DatasetKind::Custom, Some(c)) => c.problem.classes().max(2),
            _ => self.classes.unwrap_or_else(|| self.dataset.default_classes()),
        }
    }

    /// The problem the dataset poses (for imported data, the file's).
    pub fn problem(&self) -> Problem {
        match (self.dataset, &self.custom) {
            (DatasetKind::Custom, Some(c)) => c.problem,
            _ => self.dataset.problem(self.classes()),
        }
    }

    /// The loss in effect: the chosen one, or the natural one for the output (for
    /// `output=auto`, for the problem).
    pub fn loss(&self) -> Loss {
        if let Some(l) = self.loss {
            return l;
        }
        match (self.output, self.problem()) {
            (OutputKind::Auto, Problem::Binary) => Loss::BinaryCrossEntropy,
            (OutputKind::Auto, Problem::MultiClass(_)) => Loss::SoftmaxCrossEntropy,
            (OutputKind::Auto, Problem::Regression) => Loss::Mse,
            (OutputKind::Sigmoid, _) => Loss::BinaryCrossEntropy,
            (OutputKind::Softmax, _) => Loss::SoftmaxCrossEntropy,
            (OutputKind::Tanh | OutputKind::Linear, _) => Loss::Mse,
        }
    }

    /// The output layer: how many neurons and what they compute. `output=auto` follows
    /// the problem (and `loss=xent` asks for a softmax even with two classes); a chosen
    /// output that cannot serve the problem is an error that says what can.
    pub fn output_layer(&self) -> Result<(usize, Output), ConfigError> {
        let problem = self.problem();
        let name = self.dataset.name();
        match (self.output, problem) {
            (OutputKind::Auto, Problem::Regression) => Ok((1, Output::Identity)),
            (OutputKind::Auto, Problem::MultiClass(k)) => Ok((k, Output::Softmax)),
            (OutputKind::Auto, Problem::Binary) if self.loss == Some(Loss::SoftmaxCrossEntropy) => Ok((2, Output::Softmax)),
            (OutputKind::Auto, Problem::Binary) => Ok((1, Output::Sigmoid)),
            (OutputKind::Softmax, Problem::Regression) => {
                Err(err("output", format!("softmax gives class probabilities, but {name} is a regression dataset; use linear or tanh")))
            }
            (OutputKind::Softmax, p) => Ok((p.classes(), Output::Softmax)),
            (_, Problem::MultiClass(k)) => Err(err("output", format!("{k} classes need one output per class: use softmax"))),
            (OutputKind::Sigmoid, Problem::Regression) => Err(err(
                "output",
                format!("a sigmoid output lies between 0 and 1, but the targets of {name} go from −1 to 1; use linear or tanh"),
            )),
            (OutputKind::Sigmoid, _) => Ok((1, Output::Sigmoid)),
            (OutputKind::Tanh, _) => Ok((1, Output::Tanh)),
            (OutputKind::Linear, _) => Ok((1, Output::Identity)),
        }
    }

    /// One activation per hidden layer.
    pub fn layer_activations(&self) -> Vec<Activation> {
        self.activations.clone().unwrap_or_else(|| vec![self.activation; self.layers.len()])
    }

    /// The network these settings describe, with `inputs` inputs.
    pub fn network_config(&self, inputs: usize) -> NetworkConfig {
        let loss = self.loss();
        // Invalid settings never get this far (validate first); they get the auto output.
        let (outputs, output) = self
            .output_layer()
            .unwrap_or_else(|_| Settings { output: OutputKind::Auto, ..self.clone() }.output_layer().unwrap_or((1, Output::Sigmoid)));
        let mut c = NetworkConfig::new(inputs, &self.layers, self.activation, outputs, output, loss);
        c.bias = self.bias == Switch::On;
        c.batchnorm = self.batchnorm == Switch::On;
        c.activations = self.layer_activations();
        c.init = match self.init {
            InitKind::Uniform => Init::Uniform,
            InitKind::Normal => Init::Normal(self.init_sd),
            InitKind::Xavier => Init::Xavier,
            InitKind::He => Init::He,
        };
        c.dropout = self.dropout;
        c.regularization = match self.reg {
            RegKind::None => Regularization::None,
            RegKind::L1 => Regularization::L1,
            RegKind::L2 => Regularization::L2,
            RegKind::Elastic => Regularization::Elastic(self.l1_ratio),
        };
        c.reg_rate = self.reg_rate;
        c
    }

    /// The learning-rate schedule.
    pub fn schedule(&self) -> Schedule {
        match self.schedule {
            ScheduleKind::Constant => Schedule::Constant,
            ScheduleKind::Step => Schedule::Step { factor: self.decay, every: self.decay_every },
            ScheduleKind::Exp => Schedule::Exponential { factor: self.decay, every: self.decay_every },
            ScheduleKind::Cosine => Schedule::Cosine { min: self.lr_min, period: self.period },
            ScheduleKind::Cyclic => Schedule::Cyclic { min: self.lr_min, period: self.period },
        }
    }

    /// How the trainer trains.
    pub fn trainer_config(&self) -> TrainerConfig {
        TrainerConfig {
            batch_size: self.batch,
            optimizer: OptimizerSettings {
                kind: self.optimizer,
                learning_rate: self.lr,
                momentum: self.momentum,
                beta1: self.beta1,
                beta2: self.beta2,
                rho: self.rho,
            },
            schedule: self.schedule(),
            early_stopping: (self.patience > 0).then_some(EarlyStopping { patience: self.patience, min_delta: 0.0 }),
            classify: self.problem() != Problem::Regression,
        }
    }

    /// The dataset's points, split into training, validation and test sets (seeded).
    pub fn data(&self) -> data::Split {
        let mut rng = Rng::new(self.seed);
        let points = match (self.dataset, &self.custom) {
            (DatasetKind::Custom, Some(c)) => c.points.clone(),
            _ => data::generate(self.dataset, self.classes(), self.points, self.noise / 100.0, &mut rng),
        };
        let mut split = data::split3(points, self.train / 100.0, self.val / 100.0, &mut rng);
        self.edits.apply(&mut split);
        split
    }

    /// The network with its initial weights from the seed (what a trainer starts from).
    /// Call [`validate`](Self::validate) first.
    pub fn network(&self) -> Network {
        self.network_and_rng().0
    }

    /// The initial network and the random stream that goes on to shuffle and drop out:
    /// separate streams for data and for weights, both from the one seed.
    fn network_and_rng(&self) -> (Network, Rng) {
        let mut rng = Rng::new(self.seed ^ 0x5EED_F11E);
        let mut net = self.network_config(self.features.len()).init(&mut rng);
        // Weights and biases typed by hand replace the initial ones.
        let n = net.params().len();
        for &(i, v) in self.typed.iter().filter(|(i, _)| *i < n) {
            net.params_mut()[i] = v;
        }
        (net, rng)
    }

    /// A ready trainer: data generated, network initialised, all from the seed.
    pub fn trainer(&self) -> Result<Trainer, ConfigError> {
        self.trainer_for(&self.data())
    }

    /// A trainer on the given points (the page's, with the points a user added), the
    /// network initialised from the seed.
    pub fn trainer_for(&self, points: &data::Split) -> Result<Trainer, ConfigError> {
        self.validate()?;
        if points.train.is_empty() {
            return Err(err("train", "there are no training points left; add some or regenerate the data"));
        }
        let (net, rng) = self.network_and_rng();
        if let Some(&(i, _)) = self.typed.iter().find(|(i, _)| *i >= net.params().len()) {
            let n = net.params().len();
            return Err(err("typed", format!("the network has {n} weights and biases, so there is no number {i} to type")));
        }
        let samples = |p: &[data::Point]| data::to_samples(p, &self.features, net.config().outputs);
        let (train, val, test) = (samples(&points.train), samples(&points.val), samples(&points.test));
        let mut t = Trainer::new(net, self.trainer_config(), train, test, rng);
        if !val.is_empty() {
            t.set_validation(val);
        }
        Ok(t)
    }
}

impl Settings {
    /// The current value of one key, as the settings string writes it (`None` for a key
    /// the string leaves out, such as `activations` when every layer shares one; the
    /// number of classes in effect for `classes`).
    pub fn get(&self, key: &str) -> Option<String> {
        if key == "classes" {
            return Some(self.classes().to_string());
        }
        keys::key(key).and_then(|k| (k.get)(self))
    }
}

/// Splits `a=1&b=2` into decoded pairs; a leading `#` or `?` is ignored.
fn pairs(s: &str) -> Vec<(String, Option<String>)> {
    let s = s.trim().trim_start_matches(['#', '?']);
    s.split('&')
        .filter(|p| !p.trim().is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (percent_decode(k.trim()), Some(percent_decode(v))),
            None => (percent_decode(p.trim()), None),
        })
        .collect()
}

impl fmt::Display for Settings {
    /// Writes every key the table has a value for, so a link reproduces the run even if
    /// defaults change later.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for k in TABLE {
            if let Some(v) = (k.get)(self) {
                write!(f, "{}{}={v}", if first { "" } else { "&" }, k.name)?;
                first = false;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;

//! The command-line trainer: `neuroplay train --config 'dataset=spiral&layers=8,8' --epochs 200`.
//! Any settings key also works as a flag (`--lr 0.01`, `--reg-rate 0.001`) and overrides
//! the string. Prints one JSON object; bad input is one readable line, never a panic.
//! Flags are parsed with `lexopt`, JSON written with `serde_json`; the flags and their
//! defaults in `--help` come from the settings table.

use crate::config::{Key, Settings, TABLE};
use crate::data::DatasetKind;
use crate::engine::StepStats;
use crate::formats::csv::CustomData;
use crate::formats::model::list;
pub use crate::formats::model::num;
use lexopt::prelude::*;
use serde_json::{json, Value};
use std::sync::Arc;

/// The most epochs one run may ask for.
pub const MAX_EPOCHS: usize = 1_000_000;
/// Epochs when `--epochs` is not given.
pub const DEFAULT_EPOCHS: usize = 100;

/// What went wrong with the command line, as one readable line.
#[derive(Debug, PartialEq, Eq)]
pub struct CliError(pub String);

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<lexopt::Error> for CliError {
    fn from(e: lexopt::Error) -> Self {
        CliError(format!("{e} (see --help)"))
    }
}

/// The commands, one line each, for the top-level help.
const COMMANDS: &str = "commands:
  train     train a network headlessly and print the result as JSON
  backprop  one example forward and backward with every number: net inputs, outputs,
            the loss, every δ, every gradient and every updated weight, as JSON
  lr-find   the learning-rate range test: the loss as the rate grows from 1e-5 to 10,
            and a suggested rate, as JSON
  predict   a saved model's answer for every point of a CSV file, one line each
  export    a saved model as a Python program (NumPy, PyTorch or Keras)

Run 'neuroplay COMMAND --help' for a command's flags and their defaults.";

/// The top-level help.
pub fn usage() -> String {
    format!("usage: neuroplay COMMAND [FLAGS]\n\n{COMMANDS}")
}

/// One help line: the flag with its value, then what it does and its default.
fn help_line(flag: &str, value: &str, help: &str, default: &str) -> String {
    let head = format!("  --{flag} {value}");
    let default = if default.is_empty() { String::new() } else { format!(" (default: {default})") };
    if head.chars().count() < 34 {
        format!("{head:<34}{help}{default}\n")
    } else {
        format!("{head}\n{:34}{help}{default}\n", "")
    }
}

/// The settings flags of the table, with their defaults.
fn settings_help() -> String {
    let mut out = String::from("settings (each overrides the same key of --config):\n");
    for k in TABLE {
        let allowed = k.allowed();
        let value = if (k.choices)().is_empty() { format!("<{allowed}>") } else { allowed };
        out.push_str(&help_line(&k.flag(), &value, k.help, &k.default_value()));
    }
    out
}

/// `neuroplay train --help`.
pub fn train_usage() -> String {
    format!(
        "usage: neuroplay train [--config 'key=value&…'] [--epochs N] [--data FILE.csv] [--load-weights M.json]
                      [--save-weights M.json] [--plot F.svg] [--grad-norms] [--KEY VALUE …]

Trains a network headlessly and prints the result as JSON. The settings string is the
one the playground keeps in its URL, so any page can be reproduced here. A progress
bar shows on a terminal.

flags:
{}{}{}{}{}{}{}{}
{}",
        help_line("config", "STRING", "the settings string (keys as below, joined by &)", "every default"),
        help_line("epochs", "N", &format!("epochs to train, 0–{MAX_EPOCHS}"), &DEFAULT_EPOCHS.to_string()),
        help_line("data", "FILE.csv", "train on your own data: rows of x1,x2,label (sets dataset=custom)", "the dataset key's"),
        help_line("load-weights", "MODEL.json", "start from a saved model (what --save-weights wrote, or a list of weights)", "the seed's weights"),
        help_line("save-weights", "MODEL.json", "save the trained model: settings, weights, biases, batch normalization, the data's scale", "not saved"),
        help_line("plot", "FIGURE.svg", "draw the decision boundary with the data (test points ringed black) and the loss curves", "not drawn"),
        help_line(
            "grad-norms",
            "",
            "add grad_norms: per epoch [epoch, n1, …, nL], nᵢ the mean over the epoch's steps of the norm of the i-th weight matrix's gradient (input side first)",
            ""
        ),
        help_line("help", "", "this help", ""),
        settings_help()
    )
}

/// `neuroplay backprop --help`.
pub fn backprop_usage() -> String {
    format!(
        "usage: neuroplay backprop [--config 'key=value&…'] [--weights JSON] [--biases JSON] --input X1,X2 --target T [--KEY VALUE …]

Runs one example through the network the settings describe and prints, as JSON, every
layer's net inputs, outputs and δ (∂E/∂net), the loss, every weight's and bias's
gradient, and every weight and bias after one step of gradient descent with the
settings' learning rate (lr). Squared error here is E = ½ Σ (t − o)², so its gradient
has no factor 2. Without --weights the network starts from the seed's weights.

Example (the lectures' 2-2-1 network):
  neuroplay backprop --config 'features=x1,x2&layers=2&activation=sigmoid&output=sigmoid&bias=off&loss=mse&lr=1' \\
    --weights '[[[0.1,0.2],[0.3,0.4]],[[0.5,0.6]]]' --input 0.05,0.10 --target 0.1

flags:
{}{}{}{}{}{}{}
{}",
        help_line("config", "STRING", "the settings string (keys as below, joined by &)", "every default"),
        help_line("weights", "JSON", "one list per layer, one row per neuron, one entry per input of that layer", "the seed's"),
        help_line("biases", "JSON", "one list per layer, one entry per neuron (needs bias=on)", "the seed's"),
        help_line("input", "X1,X2", "the point; the network's inputs are its features", "required"),
        help_line("target", "T", "the target: one number per output, or a class number for a softmax", "required"),
        help_line("data", "FILE.csv", "your own data: rows of x1,x2,label (sets dataset=custom)", "the dataset key's"),
        help_line("help", "", "this help", ""),
        settings_help()
    )
}

/// The range test's lowest and highest rates, and its default number of steps.
pub const LR_RANGE: (f32, f32) = (1e-5, 10.0);
/// Minibatch steps of the range test when `--steps` is not given.
pub const DEFAULT_LR_STEPS: usize = 200;

/// `neuroplay lr-find --help`.
pub fn lr_find_usage() -> String {
    format!(
        "usage: neuroplay lr-find [--config 'key=value&…'] [--steps N] [--KEY VALUE …]

The learning-rate range test: from the network's starting weights, minibatch steps with
the rate growing exponentially from {} to {}, recording each batch's loss (smoothed). It
stops once the loss explodes. Prints JSON: points, a list of [rate, loss], and suggested,
a tenth of the rate at the lowest loss.

flags:
{}{}{}{}
{}",
        LR_RANGE.0,
        LR_RANGE.1,
        help_line("config", "STRING", "the settings string (keys as below, joined by &)", "every default"),
        help_line("steps", "N", "minibatch steps, 10–10000", &DEFAULT_LR_STEPS.to_string()),
        help_line("data", "FILE.csv", "your own data: rows of x1,x2,label (sets dataset=custom)", "the dataset key's"),
        help_line("help", "", "this help", ""),
        settings_help()
    )
}

fn lr_find(args: &[String], dry: bool) -> Result<String, CliError> {
    let mut steps = DEFAULT_LR_STEPS;
    let parsed = parse_command(args, dry, &mut |flag, p| {
        if flag != "steps" {
            return Ok(false);
        }
        steps = whole_number(p, "steps", 10, 10_000)?;
        Ok(true)
    })?;
    let Some(common) = parsed else {
        return Ok(lr_find_usage());
    };
    let settings = common.settings(None, None)?;
    if dry {
        return Ok(String::new());
    }
    let trainer = settings.trainer().map_err(|e| CliError(e.to_string()))?;
    let r = trainer.lr_range_test(LR_RANGE.0, LR_RANGE.1, steps);
    let points: Vec<Value> = r.points.iter().map(|&(lr, loss)| json!([num(lr), num(loss)])).collect();
    Ok(json!({ "config": settings.to_string(), "points": points, "suggested": num(r.suggested) }).to_string())
}

/// `neuroplay predict --help`.
pub fn predict_usage() -> String {
    format!(
        "usage: neuroplay predict --load-weights MODEL.json --data POINTS.csv [--config 'key=value&…'] [--KEY VALUE …]

Prints a saved model's answer for every point of a CSV file, one line per point: the
probability of the positive class for two classes, the probability of each class
(comma-separated) for K classes, the prediction for regression; 6 decimals. The file
holds x1,x2 per line in the data's own units (a header and a label column are allowed
and ignored). The settings are the model's own unless --config gives them.

flags:
{}{}{}{}
{}",
        help_line("load-weights", "MODEL.json", "the model (what train --save-weights wrote, or a list of weights)", "required"),
        help_line("data", "POINTS.csv", "the points to answer for", "required"),
        help_line("config", "STRING", "the settings string (keys as below, joined by &)", "the model's"),
        help_line("help", "", "this help", ""),
        settings_help()
    )
}

/// The model's settings (or `--config`'s) and its network with the saved weights.
fn load_trained(common: &Common, path: &str) -> Result<(Settings, crate::engine::Network), CliError> {
    let model = read_model(path)?;
    let settings = common.settings(model.config.as_deref(), model.data.clone())?;
    let mut net = settings.network();
    crate::formats::model::apply_model(&mut net, &model).map_err(|e| CliError(format!("--load-weights {path}: {e}")))?;
    Ok((settings, net))
}

fn predict(args: &[String], dry: bool) -> Result<String, CliError> {
    let (mut load, mut points) = (None, None);
    let parsed = parse_command(args, dry, &mut |flag, p| {
        let slot = match flag {
            "load-weights" => &mut load,
            "data" => &mut points,
            _ => return Ok(false),
        };
        *slot = Some(text(p.value()?, flag)?);
        Ok(true)
    })?;
    let Some(common) = parsed else {
        return Ok(predict_usage());
    };
    let load = load.ok_or_else(|| CliError("--load-weights is missing: give the model, e.g. --load-weights model.json".into()))?;
    let points = points.ok_or_else(|| CliError("--data is missing: give the points, e.g. --data points.csv".into()))?;
    if dry {
        return common.settings(None, None).map(|_| String::new());
    }
    let (settings, mut net) = load_trained(&common, &load)?;
    let rows = crate::formats::csv::read_inputs(&read_file("data", &points)?).map_err(|e| CliError(format!("--data {points}: {e}")))?;
    let answers = crate::formats::predict::predict_rows(&settings, &mut net, &rows);
    Ok(answers.iter().map(|a| crate::formats::predict::format_row(a)).collect::<Vec<_>>().join("\n"))
}

/// `neuroplay export --help`.
pub fn export_usage() -> String {
    use crate::formats::python::{requirement, Format};
    let formats: Vec<String> = Format::ALL.iter().map(|f| format!("{} (needs {})", f.name(), requirement(*f))).collect();
    format!(
        "usage: neuroplay export [--load-weights MODEL.json] [--format numpy|pytorch|keras] [--config 'key=value&…'] [--KEY VALUE …]

Prints a Python program that rebuilds the network with its weights: the input features
computed from x1 and x2 (with the imported data's rescaling), every layer, and the
output. Run as 'python3 model.py points.csv', it prints what 'neuroplay predict' prints.
Formats: {}. Without --load-weights, the network as the seed starts it.

flags:
{}{}{}{}
{}",
        formats.join(", "),
        help_line("load-weights", "MODEL.json", "the model (what train --save-weights wrote, or a list of weights)", "the seed's weights"),
        help_line("format", "numpy|pytorch|keras", "the library the program uses", "numpy"),
        help_line("config", "STRING", "the settings string (keys as below, joined by &)", "the model's"),
        help_line("help", "", "this help", ""),
        settings_help()
    )
}

fn export(args: &[String], dry: bool) -> Result<String, CliError> {
    use crate::formats::python::Format;
    let (mut load, mut format) = (None, Format::Numpy);
    let parsed = parse_command(args, dry, &mut |flag, p| {
        match flag {
            "load-weights" => load = Some(text(p.value()?, flag)?),
            "format" => {
                let v = text(p.value()?, flag)?;
                format = Format::from_name(v.trim())
                    .ok_or_else(|| CliError(format!("--format: unknown format '{v}'; choose numpy, pytorch or keras")))?;
            }
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    let Some(common) = parsed else {
        return Ok(export_usage());
    };
    let (settings, net) = match load {
        Some(_) if dry => return common.settings(None, None).map(|_| String::new()),
        Some(path) => load_trained(&common, &path)?,
        None => {
            let settings = common.settings(None, None)?;
            let net = settings.network();
            (settings, net)
        }
    };
    Ok(crate::formats::python::python(&settings, &net, format))
}

/// The settings key a flag names: `--reg-rate`, `--regRate` and `--reg_rate` all work.
fn key_for_flag(flag: &str) -> Option<&'static Key> {
    let kebab = flag.replace('_', "-");
    TABLE.iter().find(|k| k.name == flag || k.flag() == kebab)
}

/// Runs the command line (without the program name); returns what to print on success.
pub fn run(args: &[String]) -> Result<String, CliError> {
    dispatch(args, false)
}

/// Reads a command line as [`run`] would — the command, its flags and their values, and
/// the settings they make, checked — but reads and writes no file and trains nothing:
/// what the command-line fuzz target drives.
pub fn check(args: &[String]) -> Result<(), CliError> {
    dispatch(args, true).map(|_| ())
}

fn dispatch(args: &[String], dry: bool) -> Result<String, CliError> {
    let Some((command, rest)) = args.split_first() else {
        return Err(CliError("no command given; the commands are train, backprop, lr-find, predict and export (see --help)".into()));
    };
    match command.as_str() {
        "train" => train(rest, dry),
        "backprop" => backprop(rest, dry),
        "lr-find" => lr_find(rest, dry),
        "predict" => predict(rest, dry),
        "export" => export(rest, dry),
        "help" | "--help" | "-h" => Ok(usage()),
        other => {
            Err(CliError(format!("unknown command '{other}'; the commands are train, backprop, lr-find, predict and export (see --help)")))
        }
    }
}

/// A command's own flag: takes the flag's name and the parser (for its value); answers
/// whether the flag was its own.
type OwnFlag<'a> = dyn FnMut(&str, &mut lexopt::Parser) -> Result<bool, CliError> + 'a;

/// What every command's flags have in common: the settings string, the flags that
/// override its keys, and the training data file.
struct Common {
    config: Option<String>,
    overrides: Vec<(&'static Key, String)>,
    data: Option<String>,
    /// Only check the command line: read no file.
    dry: bool,
}

impl Common {
    /// The settings: `--config` (or, without it, `base`, a saved model's), the flags on
    /// top, the imported data of `--data` (or `custom`, a saved model's scale), checked
    /// together.
    fn settings(&self, base: Option<&str>, custom: Option<CustomData>) -> Result<Settings, CliError> {
        let (text, whose) = match (&self.config, base) {
            (Some(c), _) => (c.as_str(), "--config"),
            (None, Some(b)) => (b, "the model's config"),
            (None, None) => ("", "--config"),
        };
        let mut settings = Settings::default();
        settings.set_each(text).map_err(|e| CliError(format!("{whose}: {e}")))?;
        for (k, v) in &self.overrides {
            (k.set)(&mut settings, k.name, v.trim()).map_err(|e| CliError(format!("--{e}")))?;
        }
        let custom = match &self.data {
            Some(_) if self.dry => None,
            Some(path) => Some(crate::formats::csv::parse(&read_file("data", path)?).map_err(|e| CliError(format!("--data {path}: {e}")))?),
            None => custom,
        };
        if let Some(c) = custom {
            settings.dataset = DatasetKind::Custom;
            settings.custom = Some(Arc::new(c));
        }
        settings.validate().map_err(|e| CliError(e.to_string()))?;
        Ok(settings)
    }
}

/// Reads a file a flag names, or says why it cannot.
fn read_file(flag: &str, path: &str) -> Result<String, CliError> {
    std::fs::read_to_string(path).map_err(|e| CliError(format!("--{flag} {path}: cannot read it ({e})")))
}

/// Writes a file a flag names, or says why it cannot.
fn write_file(flag: &str, path: &str, text: &str) -> Result<(), CliError> {
    std::fs::write(path, text).map_err(|e| CliError(format!("--{flag} {path}: cannot write it ({e})")))
}

/// Reads a saved model (`--load-weights`).
fn read_model(path: &str) -> Result<crate::formats::model::Model, CliError> {
    crate::formats::model::parse_model(&read_file("load-weights", path)?).map_err(|e| CliError(format!("--load-weights {path}: {e}")))
}

/// Parses a command's flags: `--help`, `--config`, `--data`, every settings key (overriding
/// the string), and the command's own through `own` (asked first). `None` for `--help`.
fn parse_command(args: &[String], dry: bool, own: &mut OwnFlag<'_>) -> Result<Option<Common>, CliError> {
    let mut common = Common { config: None, overrides: Vec::new(), data: None, dry };
    let mut p = lexopt::Parser::from_args(args);
    while let Some(arg) = p.next()? {
        match arg {
            Short('h') | Long("help") => {
                if p.optional_value().is_some() {
                    return Err(CliError("--help takes no value".into()));
                }
                return Ok(None);
            }
            Long("config") => common.config = Some(text(p.value()?, "config")?),
            Long(flag) => {
                let flag = flag.to_string();
                if own(&flag, &mut p)? {
                    continue;
                }
                if flag == "data" {
                    common.data = Some(text(p.value()?, "data")?);
                    continue;
                }
                let key = key_for_flag(&flag)
                    .ok_or_else(|| CliError(format!("--{flag}: unknown flag; 'neuroplay COMMAND --help' lists the flags")))?;
                let v = text(p.value()?, key.name)?;
                common.overrides.push((key, v));
            }
            Short(c) => return Err(CliError(format!("-{c}: unknown flag; flags are written --name (see --help)"))),
            Value(v) => {
                return Err(CliError(format!("unexpected argument '{}'; flags start with -- (see --help)", v.to_string_lossy())));
            }
        }
    }
    Ok(Some(common))
}

/// A flag's value as a whole number from `lo` to `hi`.
fn whole_number(p: &mut lexopt::Parser, flag: &str, lo: usize, hi: usize) -> Result<usize, CliError> {
    let v = text(p.value()?, flag)?;
    v.trim()
        .parse::<usize>()
        .ok()
        .filter(|n| (lo..=hi).contains(n))
        .ok_or_else(|| CliError(format!("--{flag}: '{v}' is not a whole number from {lo} to {hi}")))
}

/// A flag's value as text (command lines that are not UTF-8 are refused, not mangled).
fn text(v: std::ffi::OsString, key: &str) -> Result<String, CliError> {
    v.into_string().map_err(|_| CliError(format!("--{key}: the value is not valid text")))
}

fn train(args: &[String], dry: bool) -> Result<String, CliError> {
    let mut epochs = DEFAULT_EPOCHS;
    let mut with_norms = false;
    let (mut save, mut load, mut plot) = (None, None, None);
    let parsed = parse_command(args, dry, &mut |flag, p| {
        match flag {
            "grad-norms" => {
                if p.optional_value().is_some() {
                    return Err(CliError("--grad-norms takes no value".into()));
                }
                with_norms = true;
            }
            "epochs" => {
                epochs = whole_number(p, "epochs", 0, MAX_EPOCHS)?;
            }
            "save-weights" => save = Some(text(p.value()?, flag)?),
            "load-weights" => load = Some(text(p.value()?, flag)?),
            "plot" => plot = Some(text(p.value()?, flag)?),
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    let Some(common) = parsed else {
        return Ok(train_usage());
    };
    let settings = common.settings(None, None)?;
    if dry {
        return settings.runs().map(|_| String::new()).map_err(|e| CliError(e.to_string()));
    }
    let start = load.as_deref().map(read_model).transpose()?;
    if !settings.compare.is_empty() {
        if save.is_some() || start.is_some() || plot.is_some() {
            return Err(CliError("--save-weights, --load-weights and --plot are for one run, not a comparison".into()));
        }
        let runs = settings.runs().map_err(|e| CliError(e.to_string()))?;
        let reports = runs
            .iter()
            .map(|run| {
                let mut o = serde_json::Map::new();
                o.insert("label".into(), json!(run.label));
                o.insert("settings".into(), json!(run.settings.to_string()));
                if let Value::Object(fields) = train_run(&run.settings, epochs, with_norms, RunFiles::default())? {
                    o.extend(fields.into_iter().filter(|(k, _)| k != "config"));
                }
                Ok(Value::Object(o))
            })
            .collect::<Result<Vec<Value>, CliError>>()?;
        return Ok(json!({ "config": settings.to_string(), "runs": reports }).to_string());
    }
    let files = RunFiles { start: start.as_ref(), save: save.as_deref(), plot: plot.as_deref() };
    Ok(train_run(&settings, epochs, with_norms, files)?.to_string())
}

/// What one run reads and writes besides its report.
#[derive(Clone, Copy, Default)]
struct RunFiles<'a> {
    /// Start from this saved model.
    start: Option<&'a crate::formats::model::Model>,
    /// Save the trained model here.
    save: Option<&'a str>,
    /// Draw the boundary and the loss curves here, as SVG.
    plot: Option<&'a str>,
}

/// Trains one run for `epochs` epochs (from a saved model's weights, if given), writes
/// its files, and reports it. A progress bar shows on a terminal.
fn train_run(settings: &Settings, epochs: usize, with_norms: bool, files: RunFiles<'_>) -> Result<Value, CliError> {
    use std::io::IsTerminal;
    let mut trainer = settings.trainer().map_err(|e| CliError(e.to_string()))?;
    let bar = if std::io::stderr().is_terminal() { indicatif::ProgressBar::new(epochs as u64) } else { indicatif::ProgressBar::hidden() };
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} epochs, {msg}") {
        bar.set_style(style);
    }
    if let Some(model) = files.start {
        let mut net = trainer.network().clone();
        crate::formats::model::apply_model(&mut net, model).map_err(|e| CliError(format!("--load-weights: {e}")))?;
        trainer.replace_network(net);
    }
    trainer.track_grad_norms(with_norms);
    let mut history = vec![trainer.stats()];
    let mut norms = Vec::new();
    for _ in 0..epochs {
        if trainer.is_finished() {
            break;
        }
        let s = trainer.train_epoch();
        bar.inc(1);
        bar.set_message(format!("training loss {:.4}", s.train_loss));
        if !s.diverged && !s.stopped_early {
            history.push(s);
            if let Some(n) = trainer.grad_norms() {
                let mut row = vec![json!(s.epoch)];
                row.extend(n.iter().map(|&v| num(v)));
                norms.push(Value::Array(row));
            }
        }
    }
    let mut out = report(settings, &trainer.stats(), &history);
    if with_norms {
        out["grad_norms"] = Value::Array(norms);
    }
    bar.finish_and_clear();
    if let Some(path) = files.save {
        write_file("save-weights", path, &crate::formats::model::model_json(settings, trainer.network()).to_string())?;
    }
    if let Some(path) = files.plot {
        let split = settings.data();
        let points: Vec<(crate::data::Point, bool)> =
            split.train.iter().map(|p| (*p, false)).chain(split.test.iter().map(|p| (*p, true))).collect();
        let svg =
            crate::formats::svg::svg(settings, &mut trainer, &points, &history).map_err(|e| CliError(format!("--plot {path}: {e}")))?;
        write_file("plot", path, &svg)?;
    }
    Ok(out)
}

/// Comma-separated finite numbers.
fn numbers(flag: &str, v: &str) -> Result<Vec<f32>, CliError> {
    v.split(',')
        .map(|x| {
            x.trim()
                .parse::<f32>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| CliError(format!("--{flag}: '{}' is not a number (give numbers separated by commas)", x.trim())))
        })
        .collect()
}

/// The target row for `outputs` outputs: one number per output, or for several outputs
/// (a softmax) the class's number.
fn target_row(v: &str, outputs: usize) -> Result<Vec<f32>, CliError> {
    let t = numbers("target", v)?;
    if t.len() == outputs {
        return Ok(t);
    }
    if outputs > 1 && t.len() == 1 && t[0].fract() == 0.0 && t[0] >= 0.0 && (t[0] as usize) < outputs {
        let mut row = vec![0.0; outputs];
        row[t[0] as usize] = 1.0;
        return Ok(row);
    }
    let how = if outputs == 1 { "one number".to_string() } else { format!("{outputs} numbers, or a class from 0 to {}", outputs - 1) };
    Err(CliError(format!("--target: the network has {outputs} output{}, so give {how}", if outputs == 1 { "" } else { "s" })))
}

fn backprop(args: &[String], dry: bool) -> Result<String, CliError> {
    let (mut weights, mut biases, mut input, mut target) = (None, None, None, None);
    let parsed = parse_command(args, dry, &mut |flag, p| {
        let slot = match flag {
            "weights" => &mut weights,
            "biases" => &mut biases,
            "input" => &mut input,
            "target" => &mut target,
            _ => return Ok(false),
        };
        *slot = Some(text(p.value()?, flag)?);
        Ok(true)
    })?;
    let Some(common) = parsed else {
        return Ok(backprop_usage());
    };
    let settings = common.settings(None, None)?;
    let input = input.ok_or_else(|| CliError("--input is missing: give the point as X1,X2, e.g. --input 0.05,0.10".into()))?;
    let target = target.ok_or_else(|| CliError("--target is missing: give the output's target, e.g. --target 0.1".into()))?;
    let point = numbers("input", &input)?;
    let [x1, x2] = point[..] else {
        return Err(CliError(format!("--input: {} numbers given; give the point as two numbers X1,X2", point.len())));
    };
    let mut net = settings.network();
    let target = target_row(&target, net.config().outputs)?;
    let weights = weights.map(|w| crate::formats::model::parse_weights(&w).map_err(|e| CliError(format!("--weights: {e}")))).transpose()?;
    let biases = biases.map(|b| crate::formats::model::parse_biases(&b).map_err(|e| CliError(format!("--biases: {e}")))).transpose()?;
    if biases.is_some() && weights.is_none() {
        return Err(CliError("--biases needs --weights too".into()));
    }
    if let Some(w) = &weights {
        crate::formats::model::apply(&mut net, w, biases.as_ref())
            .map_err(|e| CliError(format!("--{}: {e}", if e.contains("bias") { "biases" } else { "weights" })))?;
    }
    let mut features = vec![0.0; settings.features.len()];
    crate::data::features_into(&settings.features, x1, x2, &mut features);
    let walk = net.walk(&features, &target, settings.lr);
    Ok(backprop_report(&settings, &net, [x1, x2], &walk).to_string())
}

fn nums(xs: &[f32]) -> Value {
    list(xs.iter().copied())
}

fn rows(rows: Vec<Vec<f32>>) -> Value {
    Value::Array(rows.iter().map(|r| nums(r)).collect())
}

/// The JSON of a walk: every layer's numbers in the lectures' layout.
pub fn backprop_report(settings: &Settings, net: &crate::engine::Network, point: [f32; 2], walk: &crate::engine::Walk) -> Value {
    use crate::engine::Loss;
    let formula = match net.config().loss {
        Loss::Mse => "E = ½ Σ (t − o)²",
        Loss::BinaryCrossEntropy => "E = −[t·ln o + (1 − t)·ln(1 − o)]",
        Loss::SoftmaxCrossEntropy => "E = −Σ tₖ·ln oₖ",
    };
    let layers: Vec<Value> = net
        .layers()
        .iter()
        .enumerate()
        .map(|(l, layer)| {
            let w = &walk.layers[l];
            let mut o = serde_json::Map::new();
            o.insert("layer".into(), json!(l + 1));
            o.insert("net".into(), nums(&w.net));
            o.insert("out".into(), nums(&w.out));
            o.insert("delta".into(), nums(&w.delta));
            // δ's two factors by the chain rule (see WalkLayer::factors).
            if let Some((slope, back)) = &w.factors {
                let last = l + 1 == net.layers().len();
                o.insert(if last { "output_slope" } else { "activation_slope" }.into(), nums(slope));
                o.insert(if last { "error" } else { "weighted_delta_sum" }.into(), nums(back));
            }
            o.insert("weights".into(), rows(net.neuron_rows(l, &walk.before)));
            o.insert("weight_gradients".into(), rows(net.neuron_rows(l, &walk.grads)));
            o.insert("updated_weights".into(), rows(net.neuron_rows(l, &walk.after)));
            if !layer.biases.is_empty() {
                let b = layer.biases.clone();
                o.insert("biases".into(), nums(&walk.before[b.clone()]));
                o.insert("bias_gradients".into(), nums(&walk.grads[b.clone()]));
                o.insert("updated_biases".into(), nums(&walk.after[b]));
            }
            Value::Object(o)
        })
        .collect();
    json!({
        "config": settings.to_string(),
        "point": nums(&point),
        "input": nums(&walk.input),
        "target": nums(&walk.target),
        "learning_rate": num(walk.lr),
        "loss_formula": formula,
        "loss": num(walk.loss),
        "layers": layers,
    })
}

/// The JSON report of a run: the settings string, the last figures (`null` where there
/// is no number: accuracy in regression) and one `[epoch, train_loss, test_loss]` per epoch
/// (with a validation set, `val_loss` and `val_accuracy` too, and a fourth column).
pub fn report(settings: &Settings, last: &StepStats, history: &[StepStats]) -> Value {
    let rows: Vec<Value> = history
        .iter()
        .map(|s| match s.val_loss {
            Some(v) => json!([s.epoch, num(s.train_loss), num(s.test_loss), num(v)]),
            None => json!([s.epoch, num(s.train_loss), num(s.test_loss)]),
        })
        .collect();
    let mut out = json!({
        "config": settings.to_string(),
        "epochs_run": last.epoch,
        "train_loss": num(last.train_loss),
        "test_loss": num(last.test_loss),
        "train_accuracy": last.train_accuracy.map_or(Value::Null, num),
        "test_accuracy": last.test_accuracy.map_or(Value::Null, num),
        "diverged": last.diverged,
        "stopped_early": last.stopped_early,
        "loss_history": rows,
    });
    if let Some(v) = last.val_loss {
        out["val_loss"] = num(v);
        out["val_accuracy"] = last.val_accuracy.map_or(Value::Null, num);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &[&str]) -> Vec<String> {
        s.iter().map(|a| a.to_string()).collect()
    }

    #[test]
    fn flags_override_the_string_and_kebab_case_works() {
        let out =
            run(&args(&["train", "--config", "dataset=xor&lr=0.5", "--lr", "0.1", "--reg-rate=0.001", "--reg", "l2", "--epochs", "2"]))
                .unwrap();
        let v: Value = serde_json::from_str(&out).unwrap();
        let config = v["config"].as_str().unwrap();
        assert!(config.starts_with("dataset=xor&"), "{config}");
        assert!(config.contains("&lr=0.1&"), "{config}");
        assert!(config.contains("&reg=l2&regRate=0.001&"), "{config}");
        assert_eq!(v["epochs_run"], 2);
        // camelCase and snake_case name the same key.
        let a = run(&args(&["train", "--regRate", "0.01", "--reg", "l1", "--epochs", "1"])).unwrap();
        let b = run(&args(&["train", "--reg_rate", "0.01", "--reg", "l1", "--epochs", "1"])).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn numbers_are_written_as_short_f32_decimals() {
        assert_eq!(num(0.694_988_4).to_string(), "0.6949884");
        assert_eq!(num(0.1).to_string(), "0.1");
        assert_eq!(num(3.0).to_string(), "3.0");
        assert_eq!(num(1e-7).to_string(), "1e-7");
        assert_eq!(num(f32::NAN), Value::Null);
        assert_eq!(num(f32::INFINITY), Value::Null);
        for x in [0.1f32, 1.0 / 3.0, 123_456.79, 1e-30, f32::MAX, f32::MIN_POSITIVE] {
            assert_eq!(num(x).as_f64().unwrap() as f32, x, "{x} reads back");
        }
    }

    #[test]
    fn help_lists_every_key_with_its_default() {
        let help = run(&args(&["train", "--help"])).unwrap();
        for k in TABLE {
            let line =
                help.lines().find(|l| l.trim_start().starts_with(&format!("--{} ", k.flag()))).unwrap_or_else(|| panic!("--{}", k.flag()));
            let d = k.default_value();
            if !d.is_empty() {
                let all = help.split(&format!("--{} ", k.flag())).nth(1).unwrap();
                let entry = all.split("\n  --").next().unwrap();
                assert!(entry.contains(&format!("(default: {d})")), "{line}");
            }
        }
        assert!(help.contains("--epochs N") && help.contains("(default: 100)"));
        assert!(help.contains("--lr <above 0, at most 10>") && help.contains("(default: 0.03)"));
        assert!(help.contains("--optimizer sgd|momentum|nesterov|adagrad|rmsprop|adadelta|adam"));
        assert!(run(&args(&["--help"])).unwrap().contains("train"));
    }

    #[test]
    fn bad_command_lines_are_errors_not_panics() {
        for bad in [
            &[][..],
            &["fly"][..],
            &["train", "--epochs"][..],
            &["train", "--epochs", "-3"][..],
            &["train", "--epochs", "99999999999"][..],
            &["train", "stray"][..],
            &["train", "-x"][..],
            &["train", "--colour", "red"][..],
            &["train", "--config", "lr=fast"][..],
            &["train", "--layers", "100000"][..],
            &["train", "--batch", "0"][..],
            &["train", "--dataset", "xor", "--classes", "4"][..],
            &["train", "--help=yes"][..],
        ] {
            let e = run(&args(bad)).expect_err(&format!("{bad:?}"));
            assert!(!e.0.contains('\n'), "one line: {e}");
            assert!(!e.0.is_empty());
        }
    }
}

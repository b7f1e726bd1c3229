//! The command-line trainer: `neuroplay train --config 'dataset=spiral&layers=8,8' --epochs 200`.
//! Any settings key also works as a flag (`--lr 0.01`, `--reg-rate 0.001`) and overrides
//! the string. Prints one JSON object; bad input is one readable line, never a panic.
//! Flags are parsed with `lexopt`, JSON written with `serde_json`; the flags and their
//! defaults in `--help` come from the settings table.

mod backprop;
mod export;
mod lecture;
mod lr_find;
mod predict;
mod train;

/// Numbers in the reports: short f32 decimals, `null` where there is no finite number.
pub use crate::formats::model::num;
pub use backprop::{backprop_report, backprop_usage};
pub use export::export_usage;
pub use lecture::lecture_usage;
pub use lr_find::{lr_find_usage, DEFAULT_LR_STEPS, LR_RANGE};
pub use predict::predict_usage;
pub use train::{report, train_usage, DEFAULT_EPOCHS, MAX_EPOCHS};

use crate::config::{Key, Settings, TABLE};
use crate::data::DatasetKind;
use crate::formats::csv::CustomData;
use lexopt::prelude::*;
use std::sync::Arc;

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
  lecture   check a lecture file: every lesson loaded strictly and trained, its figures
            as JSON

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
        return Err(CliError(
            "no command given; the commands are train, backprop, lr-find, predict, export and lecture (see --help)".into(),
        ));
    };
    match command.as_str() {
        "train" => train::run(rest, dry),
        "backprop" => backprop::run(rest, dry),
        "lr-find" => lr_find::run(rest, dry),
        "predict" => predict::run(rest, dry),
        "export" => export::run(rest, dry),
        "lecture" => lecture::run(rest, dry),
        "help" | "--help" | "-h" => Ok(usage()),
        other => Err(CliError(format!(
            "unknown command '{other}'; the commands are train, backprop, lr-find, predict, export and lecture (see --help)"
        ))),
    }
}

/// A command's own flag: takes the flag's name and the parser (for its value); answers
/// whether the flag was its own.
type OwnFlag<'a> = dyn FnMut(&str, &mut lexopt::Parser) -> Result<bool, CliError> + 'a;

/// What every command's flags have in common: the settings string, the flags that
/// override its keys, and the training data file.
struct Common {
    config: Option<String>,
    /// The lesson whose whole setup the settings start from (`--lesson ID`).
    lesson: Option<&'static crate::lessons::Lesson>,
    overrides: Vec<(&'static Key, String)>,
    data: Option<String>,
    /// Only check the command line: read no file.
    dry: bool,
}

impl Common {
    /// The settings: the lesson's whole setup (`--lesson ID`, or a `--config` that is just
    /// `lesson=ID`, as in the page's links), then `--config` (or, without it, `base`, a
    /// saved model's), the flags on top, the imported data of `--data` (or `custom`, a
    /// saved model's scale), checked together.
    fn settings(&self, base: Option<&str>, custom: Option<CustomData>) -> Result<Settings, CliError> {
        let (text, whose) = match (&self.config, base) {
            (Some(c), _) => (c.as_str(), "--config"),
            (None, Some(b)) => (b, "the model's config"),
            (None, None) => ("", "--config"),
        };
        let mut settings = Settings::default();
        let alone = self.config.as_deref().and_then(crate::config::page::linked_lesson);
        if let Some(lesson) = self.lesson.or(alone) {
            settings.set_each(lesson.settings).map_err(|e| CliError(format!("lesson {}: {e}", lesson.id)))?;
        }
        settings.set_each(text).map_err(|e| CliError(format!("{whose}: {e}")))?;
        for (k, v) in &self.overrides {
            (k.set)(&mut settings, k.name, v.trim()).map_err(|e| CliError(format!("--{e}")))?;
        }
        let custom = match &self.data {
            Some(_) if self.dry => None,
            Some(path) => {
                Some(crate::formats::csv::parse_bytes(&read_file("data", path)?).map_err(|e| CliError(format!("--data {path}: {e}")))?)
            }
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

/// Reads a file a flag names, as bytes (the formats decode them as the page does), or
/// says why it cannot.
fn read_file(flag: &str, path: &str) -> Result<Vec<u8>, CliError> {
    std::fs::read(path).map_err(|e| CliError(format!("--{flag} {path}: cannot read it ({e})")))
}

/// Writes a file a flag names, or says why it cannot.
fn write_file(flag: &str, path: &str, text: &str) -> Result<(), CliError> {
    std::fs::write(path, text).map_err(|e| CliError(format!("--{flag} {path}: cannot write it ({e})")))
}

/// Reads a saved model (`--load-weights`).
fn read_model(path: &str) -> Result<crate::formats::model::Model, CliError> {
    crate::formats::model::parse_model_bytes(&read_file("load-weights", path)?).map_err(|e| CliError(format!("--load-weights {path}: {e}")))
}

/// The model's settings (or `--config`'s) and its network with the saved weights.
fn load_trained(common: &Common, path: &str) -> Result<(Settings, crate::engine::Network), CliError> {
    let model = read_model(path)?;
    let settings = common.settings(model.config.as_deref(), model.data.clone())?;
    let mut net = settings.network();
    crate::formats::model::apply_model(&mut net, &model).map_err(|e| CliError(format!("--load-weights {path}: {e}")))?;
    Ok((settings, net))
}

/// Parses a command's flags: `--help`, `--config`, `--data`, every settings key (overriding
/// the string), and the command's own through `own` (asked first). `None` for `--help`.
fn parse_command(args: &[String], dry: bool, own: &mut OwnFlag<'_>) -> Result<Option<Common>, CliError> {
    let mut common = Common { config: None, lesson: None, overrides: Vec::new(), data: None, dry };
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
                if flag == "lesson" {
                    // A lesson loads its whole setup; the other flags and --config override it.
                    let id = text(p.value()?, "lesson")?;
                    if !id.trim().is_empty() {
                        common.lesson = Some(crate::lessons::find(id.trim()).ok_or_else(|| {
                            let ids: Vec<&str> = crate::lessons::LESSONS.iter().map(|l| l.id).collect();
                            CliError(format!("--lesson: unknown lesson '{id}'; the lessons are {}", ids.join(", ")))
                        })?);
                        continue;
                    }
                    common.overrides.push((key_for_flag("lesson").expect("the lesson key"), id));
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

/// A command that takes one file and its own flags (no settings): the file's path, or
/// `None` for `--help`.
fn parse_positional(args: &[String], what: &str, own: &mut OwnFlag<'_>) -> Result<Option<String>, CliError> {
    let mut p = lexopt::Parser::from_args(args);
    let mut path = None;
    while let Some(arg) = p.next()? {
        match arg {
            Short('h') | Long("help") => return Ok(None),
            Long(flag) => {
                let flag = flag.to_string();
                if !own(&flag, &mut p)? {
                    return Err(CliError(format!("--{flag}: unknown flag (see --help)")));
                }
            }
            Short(c) => return Err(CliError(format!("-{c}: unknown flag; flags are written --name (see --help)"))),
            Value(v) if path.is_none() => path = Some(text(v, what)?),
            Value(v) => return Err(CliError(format!("unexpected argument '{}': give one {what}", v.to_string_lossy()))),
        }
    }
    path.map(Some).ok_or_else(|| CliError(format!("give the {what} to read (see --help)")))
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

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

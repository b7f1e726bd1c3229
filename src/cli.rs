//! The command-line trainer: `neuroplay train --config 'dataset=spiral&layers=8,8' --epochs 200`.
//! Any settings key also works as a flag (`--lr 0.01`, `--reg-rate 0.001`) and overrides
//! the string. Prints one JSON object; bad input is one readable line, never a panic.
//! Flags are parsed with `lexopt`, JSON written with `serde_json`; the flags and their
//! defaults in `--help` come from the settings table.

use crate::config::{Key, Settings, TABLE};
use crate::engine::StepStats;
use lexopt::prelude::*;
use serde_json::{json, Value};

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
  train    train a network headlessly and print the result as JSON

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
        "usage: neuroplay train [--config 'key=value&…'] [--epochs N] [--KEY VALUE …]

Trains a network headlessly and prints the result as JSON. The settings string is the
one the playground keeps in its URL, so any page can be reproduced here.

flags:
{}{}{}
{}",
        help_line("config", "STRING", "the settings string (keys as below, joined by &)", "every default"),
        help_line("epochs", "N", &format!("epochs to train, 0–{MAX_EPOCHS}"), &DEFAULT_EPOCHS.to_string()),
        help_line("help", "", "this help", ""),
        settings_help()
    )
}

/// The settings key a flag names: `--reg-rate`, `--regRate` and `--reg_rate` all work.
fn key_for_flag(flag: &str) -> Option<&'static Key> {
    let kebab = flag.replace('_', "-");
    TABLE.iter().find(|k| k.name == flag || k.flag() == kebab)
}

/// Runs the command line (without the program name); returns what to print on success.
pub fn run(args: &[String]) -> Result<String, CliError> {
    let Some((command, rest)) = args.split_first() else {
        return Err(CliError("no command given; the command is 'train' (see --help)".into()));
    };
    match command.as_str() {
        "train" => train(rest),
        "help" | "--help" | "-h" => Ok(usage()),
        other => Err(CliError(format!("unknown command '{other}'; the command is 'train' (see --help)"))),
    }
}

/// The settings of `--config` with the flags that override it, checked together.
struct Parsed {
    settings: Settings,
    epochs: usize,
}

fn parse_train(args: &[String]) -> Result<Option<Parsed>, CliError> {
    let mut config = String::new();
    let mut overrides: Vec<(&'static Key, String)> = Vec::new();
    let mut epochs = DEFAULT_EPOCHS;
    let mut p = lexopt::Parser::from_args(args);
    while let Some(arg) = p.next()? {
        match arg {
            Short('h') | Long("help") => {
                if p.optional_value().is_some() {
                    return Err(CliError("--help takes no value".into()));
                }
                return Ok(None);
            }
            Long("config") => config = text(p.value()?, "config")?,
            Long("epochs") => {
                let v = text(p.value()?, "epochs")?;
                epochs = v
                    .trim()
                    .parse::<usize>()
                    .ok()
                    .filter(|e| *e <= MAX_EPOCHS)
                    .ok_or_else(|| CliError(format!("--epochs: '{v}' is not a whole number from 0 to {MAX_EPOCHS}")))?;
            }
            Long(flag) => {
                let key = key_for_flag(flag)
                    .ok_or_else(|| CliError(format!("--{flag}: unknown setting; 'neuroplay train --help' lists the flags")))?;
                let v = text(p.value()?, key.name)?;
                overrides.push((key, v));
            }
            Short(c) => return Err(CliError(format!("-{c}: unknown flag; flags are written --name (see --help)"))),
            Value(v) => {
                return Err(CliError(format!("unexpected argument '{}'; flags start with -- (see --help)", v.to_string_lossy())));
            }
        }
    }
    let mut settings = Settings::parse(&config).map_err(|e| CliError(format!("--config: {e}")))?;
    for (k, v) in &overrides {
        (k.set)(&mut settings, k.name, v.trim()).map_err(|e| CliError(format!("--{e}")))?;
    }
    settings.validate().map_err(|e| CliError(e.to_string()))?;
    Ok(Some(Parsed { settings, epochs }))
}

/// A flag's value as text (command lines that are not UTF-8 are refused, not mangled).
fn text(v: std::ffi::OsString, key: &str) -> Result<String, CliError> {
    v.into_string().map_err(|_| CliError(format!("--{key}: the value is not valid text")))
}

fn train(args: &[String]) -> Result<String, CliError> {
    let Some(Parsed { settings, epochs }) = parse_train(args)? else {
        return Ok(train_usage());
    };
    let mut trainer = settings.trainer().map_err(|e| CliError(e.to_string()))?;
    let mut history = vec![trainer.stats()];
    for _ in 0..epochs {
        if trainer.is_finished() {
            break;
        }
        let s = trainer.train_epoch();
        if !s.diverged && !s.stopped_early {
            history.push(s);
        }
    }
    Ok(report(&settings, &trainer.stats(), &history).to_string())
}

/// An `f32` as JSON: its shortest decimal (`0.6949884`, not the `f64` widening
/// `0.6949883699417114`), or `null` when it is not finite (JSON has no NaN).
pub fn num(x: f32) -> Value {
    // The shortest decimal that reads back as `x` also reads back as the f64 nearest to
    // it, whose shortest form is the same decimal.
    x.to_string().parse::<f64>().ok().filter(|v| v.is_finite()).map_or(Value::Null, Value::from)
}

/// The JSON report of a run: the settings string, the last figures (`null` where there
/// is no number: accuracy in regression) and one `[epoch, train_loss, test_loss]` per epoch.
pub fn report(settings: &Settings, last: &StepStats, history: &[StepStats]) -> Value {
    let rows: Vec<Value> = history.iter().map(|s| json!([s.epoch, num(s.train_loss), num(s.test_loss)])).collect();
    json!({
        "config": settings.to_string(),
        "epochs_run": last.epoch,
        "train_loss": num(last.train_loss),
        "test_loss": num(last.test_loss),
        "train_accuracy": last.train_accuracy.map_or(Value::Null, num),
        "test_accuracy": last.test_accuracy.map_or(Value::Null, num),
        "diverged": last.diverged,
        "stopped_early": last.stopped_early,
        "loss_history": rows,
    })
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

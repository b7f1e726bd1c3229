//! The command-line trainer: `neuroplay train --config 'dataset=spiral&layers=8,8' --epochs 200`.
//! Any settings key also works as a flag (`--lr 0.01`, `--reg-rate 0.001`) and overrides
//! the string. Prints one JSON object; bad input is an error message, never a panic.

use crate::config::Settings;
use crate::engine::StepStats;
use std::fmt::Write;

/// The most epochs one run may ask for.
pub const MAX_EPOCHS: usize = 1_000_000;
/// Epochs when `--epochs` is not given.
pub const DEFAULT_EPOCHS: usize = 100;

/// The help text.
pub const USAGE: &str = "usage: neuroplay train [--config 'key=value&…'] [--epochs N] [--KEY VALUE …]

Trains a network headlessly and prints the result as JSON. The settings string is the
one the playground keeps in its URL, so any page can be reproduced here. Each settings
key also works as a flag and overrides the string, e.g. --dataset spiral --layers 8,8
--lr 0.01 --optimizer adam --reg-rate 0.001.

keys: dataset classes points noise train features layers activation activations loss
      optimizer lr momentum beta1 beta2 rho batch schedule decay decayEvery period lrMin
      reg regRate l1Ratio dropout init initSd patience seed";

/// What went wrong with the command line, as one readable line.
#[derive(Debug, PartialEq, Eq)]
pub struct CliError(pub String);

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// `reg-rate` → `regRate`, so flags can be written in the usual kebab case.
fn camel(key: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in key.chars() {
        if c == '-' || c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    // Dataset names contain dashes but keys never start with them; `lr-min` → `lrMin`.
    out
}

/// Runs the command line (without the program name); returns what to print on success.
pub fn run(args: &[String]) -> Result<String, CliError> {
    let Some((command, rest)) = args.split_first() else {
        return Err(CliError(format!("no command given\n{USAGE}")));
    };
    match command.as_str() {
        "train" => train(rest),
        "help" | "--help" | "-h" => Ok(USAGE.to_string()),
        other => Err(CliError(format!("unknown command '{other}'; the command is 'train' (see --help)"))),
    }
}

fn train(args: &[String]) -> Result<String, CliError> {
    let mut config = String::new();
    let mut overrides: Vec<(String, String)> = Vec::new();
    let mut epochs = DEFAULT_EPOCHS;
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        if arg == "--help" || arg == "-h" {
            return Ok(USAGE.to_string());
        }
        let Some(flag) = arg.strip_prefix("--") else {
            return Err(CliError(format!("unexpected argument '{arg}'; flags start with -- (see --help)")));
        };
        let (key, value) = match flag.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => {
                let v = args.get(i + 1).ok_or_else(|| CliError(format!("--{flag} needs a value")))?;
                i += 1;
                (flag.to_string(), v.clone())
            }
        };
        i += 1;
        match key.as_str() {
            "config" => config = value,
            "epochs" => {
                epochs = value
                    .trim()
                    .parse::<usize>()
                    .ok()
                    .filter(|e| *e <= MAX_EPOCHS)
                    .ok_or_else(|| CliError(format!("--epochs: '{value}' is not a whole number from 0 to {MAX_EPOCHS}")))?;
            }
            _ => overrides.push((camel(&key), value)),
        }
    }
    let mut settings = Settings::parse(&config).map_err(|e| CliError(format!("--config: {e}")))?;
    for (k, v) in &overrides {
        settings.set(k, v).map_err(|e| CliError(format!("--{e}")))?;
    }
    settings.validate().map_err(|e| CliError(e.to_string()))?;
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
    Ok(report(&settings, &trainer.stats(), &history))
}

/// A finite number, or `null` (JSON has no NaN or infinity).
fn num(x: f32) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        "null".into()
    }
}

fn opt(x: Option<f32>) -> String {
    x.map_or("null".into(), num)
}

/// The JSON report of a run.
pub fn report(settings: &Settings, last: &StepStats, history: &[StepStats]) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "{{\"config\":\"{}\",\"epochs_run\":{},\"train_loss\":{},\"test_loss\":{},\"train_accuracy\":{},\"test_accuracy\":{},\"diverged\":{},\"stopped_early\":{},\"loss_history\":[",
        settings.to_string().replace('\\', "\\\\").replace('"', "\\\""),
        last.epoch,
        num(last.train_loss),
        num(last.test_loss),
        opt(last.train_accuracy),
        opt(last.test_accuracy),
        last.diverged,
        last.stopped_early
    );
    for (i, s) in history.iter().enumerate() {
        let _ = write!(out, "{}[{},{},{}]", if i > 0 { "," } else { "" }, s.epoch, num(s.train_loss), num(s.test_loss));
    }
    out.push_str("]}");
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
        assert!(out.contains("dataset=xor"), "{out}");
        assert!(out.contains("&lr=0.1&"), "{out}");
        assert!(out.contains("&reg=l2&regRate=0.001&"), "{out}");
        assert!(out.contains("\"epochs_run\":2"), "{out}");
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
            &["train", "--colour", "red"][..],
            &["train", "--config", "lr=fast"][..],
            &["train", "--layers", "100000"][..],
            &["train", "--batch", "0"][..],
            &["train", "--dataset", "xor", "--classes", "4"][..],
        ] {
            let e = run(&args(bad)).expect_err(&format!("{bad:?}"));
            assert!(!e.0.contains('\n') || bad.is_empty(), "one line: {e}");
        }
    }
}

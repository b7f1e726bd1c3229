//! A seeded mutation fuzzer for every parser that reads what a person gives us: the
//! settings string, CSV files, model (weights) JSON and the command line. Each target
//! starts from valid inputs, mutates them (characters, tokens from a dictionary of keys
//! and awkward values, deletions, duplications, splices of two inputs) and checks that
//! nothing panics and that what is accepted keeps its promises:
//! - settings: whatever the lenient reader keeps is valid, and its own string loads back,
//!   strictly, to the same state;
//! - CSV: what is accepted has finite, rescaled points and writes a CSV that reads again;
//! - model JSON: what is accepted either fits a network or is refused, never half-applied;
//! - command line: reading it never panics.
//!
//! `cargo run --profile fuzz --bin fuzz -- all 1000000` runs a million inputs per target;
//! the tests run a seeded ten thousand.

use crate::config::{Settings, TABLE};
use crate::engine::Rng;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

/// The parsers fuzzed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// `Settings::parse` and `Settings::parse_lenient` (links, `--config`).
    Settings,
    /// `formats::csv::parse` and `formats::csv::read_inputs` (imported data, `--data`).
    Csv,
    /// `formats::model::parse_model` and `formats::model::apply_model` (`--load-weights`, `--weights`).
    Weights,
    /// `cli::check` (every command's flags).
    CommandLine,
}

impl Target {
    /// Every target.
    pub const ALL: [Target; 4] = [Target::Settings, Target::Csv, Target::Weights, Target::CommandLine];

    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Target::Settings => "settings",
            Target::Csv => "csv",
            Target::Weights => "weights",
            Target::CommandLine => "cli",
        }
    }

    /// Parses a name.
    pub fn from_name(s: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.name() == s)
    }
}

/// What a fuzzing run found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// Inputs tried.
    pub inputs: usize,
    /// Inputs the parser accepted.
    pub accepted: usize,
    /// Inputs that panicked or broke a promise, with what happened (the first few).
    pub failures: Vec<(String, String)>,
    /// How many failed in all.
    pub failed: usize,
    /// Seconds taken.
    pub seconds: f64,
}

/// Awkward pieces the mutator inserts.
const DICTIONARY: &[&str] = &[
    "=",
    "&",
    ",",
    ";",
    ":",
    "%",
    "%2C",
    "%zz",
    "#",
    "?",
    "\"",
    "\n",
    "\r\n",
    " ",
    "\t",
    "-",
    ".",
    "e",
    "E",
    "0",
    "1",
    "-1",
    "-0",
    "0.5",
    "1e-50",
    "1e39",
    "1e-46",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "99999999999999999999",
    "18446744073709551616",
    "\u{0}",
    "é",
    "\u{feff}",
    "[",
    "]",
    "{",
    "}",
    "[]",
    "{}",
    "null",
    "true",
    "\"x\"",
    "--",
    "--help",
    "--config",
    "--data",
    "--epochs",
    "--weights",
    "--biases",
    "--input",
    "--target",
    "--load-weights",
    "--format",
    "--steps",
    "--grad-norms",
    "custom",
    "softmax",
    "xent",
    "bce",
    "off",
    "on",
    "compare",
    "lesson",
    "lr:0.1,0.2",
    "optimizer:sgd,adam",
    ";lr:",
    "256",
    "12",
    "10000",
    "10001",
];

/// Mutates `input`: one to four edits, each a character, a dictionary token, a deletion,
/// a duplication or a splice with `other`.
pub fn mutate(input: &str, other: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = input.chars().collect();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(chars.len() + 1);
        match rng.below(6) {
            0 if !chars.is_empty() => {
                let alphabet: Vec<char> = "0123456789-.,;:=&%e \n\"[]{}x#é\u{0}".chars().collect();
                let i = at.min(chars.len() - 1);
                chars[i] = alphabet[rng.below(alphabet.len())];
            }
            1 => {
                let token: Vec<char> = DICTIONARY[rng.below(DICTIONARY.len())].chars().collect();
                chars.splice(at..at, token);
            }
            2 if !chars.is_empty() => {
                let end = (at + 1 + rng.below(8)).min(chars.len());
                chars.drain(at.min(end)..end);
            }
            3 if !chars.is_empty() => {
                let start = rng.below(chars.len());
                let end = (start + 1 + rng.below(16)).min(chars.len());
                let piece: Vec<char> = chars[start..end].to_vec();
                chars.splice(at..at, piece);
            }
            4 => {
                let o: Vec<char> = other.chars().collect();
                let cut = rng.below(o.len() + 1);
                chars.truncate(at);
                chars.extend_from_slice(&o[cut..]);
            }
            _ => {
                // A number somewhere becomes an awkward one.
                let numbers = ["0", "-1", "1e39", "NaN", "1e-50", "99999999999", "0.5", "-0", "10001", "2"];
                if let Some(pos) = chars.iter().skip(at).position(|c| c.is_ascii_digit()) {
                    let p = at + pos;
                    let end = p + chars[p..].iter().take_while(|c| c.is_ascii_digit() || **c == '.').count();
                    chars.splice(p..end, numbers[rng.below(numbers.len())].chars());
                }
            }
        }
    }
    chars.into_iter().collect()
}

/// Valid inputs the mutations start from.
fn corpus(target: Target, rng: &mut Rng) -> Vec<String> {
    match target {
        Target::Settings => {
            let mut c: Vec<String> = crate::lessons::LESSONS.iter().map(|l| l.settings.to_string()).collect();
            c.push(Settings::default().to_string());
            // Random keys with values their controls offer.
            for _ in 0..40 {
                let parts: Vec<String> = (0..1 + rng.below(6))
                    .filter_map(|_| {
                        let k = &TABLE[rng.below(TABLE.len())];
                        let offered: Vec<String> =
                            (k.choices)().iter().map(|(v, _)| v.to_string()).chain(k.presets.iter().map(|v| v.to_string())).collect();
                        (!offered.is_empty()).then(|| format!("{}={}", k.name, offered[rng.below(offered.len())]))
                    })
                    .collect();
                c.push(parts.join("&"));
            }
            c
        }
        Target::Csv => {
            let mut c = Vec::new();
            for kind in 0..6 {
                let n = 10 + rng.below(30);
                let sep = if kind % 2 == 0 { "," } else { ";" };
                let mut text = if kind < 3 { format!("x1{sep}x2{sep}label\n") } else { String::new() };
                for i in 0..n {
                    let label = match kind {
                        0 | 3 => format!("{}", i % 2),
                        1 | 4 => ["cat", "dog", "bird"][i % 3].to_string(),
                        _ => format!("{}", rng.uniform(-5.0, 50.0)),
                    };
                    text.push_str(&format!("{}{sep}{}{sep}{label}\n", rng.uniform(-100.0, 100.0), rng.uniform(0.0, 3.0)));
                }
                c.push(text);
            }
            c
        }
        Target::Weights => {
            let mut c = Vec::new();
            for config in ["layers=2", "layers=3,2&batchnorm=on", "dataset=blobs&layers=4&bias=off", "layers="] {
                let s = Settings::parse(config).unwrap_or_default();
                c.push(crate::formats::model::model_json(&s, &s.network()).to_string());
                c.push(crate::formats::model::weights_json(&s.network()).to_string());
            }
            c
        }
        Target::CommandLine => [
            "train --config dataset=xor&layers=3 --epochs 5",
            "train --lr 0.1 --reg-rate 0.001 --reg l2 --grad-norms --epochs 3",
            "train --data points.csv --save-weights m.json --plot f.svg",
            "backprop --config layers=2&bias=off&activation=sigmoid --weights [[[0.1,0.2],[0.3,0.4]],[[0.5,0.6]]] --input 0.05,0.1 --target 0.1",
            "backprop --config dataset=blobs --input 1,2 --target 2 --biases [[0],[0,0,0]]",
            "lr-find --steps 50 --optimizer adam",
            "predict --load-weights m.json --data points.csv",
            "export --format pytorch --load-weights m.json --config layers=4",
            "train --config compare=optimizer:sgd,adam;lr:0.1,0.01 --epochs 2",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
    }
}

/// Runs one input through a target's parser and checks its promises; `Err` says what broke.
fn exercise(target: Target, input: &str) -> Result<bool, String> {
    match target {
        Target::Settings => {
            let strict = Settings::parse(input);
            let (lenient, _) = Settings::parse_lenient(input);
            lenient.validate().map_err(|e| format!("the lenient reader kept invalid settings: {e}"))?;
            let text = lenient.to_string();
            match Settings::parse(&text) {
                Ok(again) if again == lenient => {}
                Ok(_) => return Err(format!("its string {text:?} loads to another state")),
                Err(e) => return Err(format!("its string {text:?} is refused: {e}")),
            }
            if let Ok(s) = &strict {
                s.runs().map_err(|e| format!("accepted settings whose runs fail: {e}"))?;
            }
            Ok(strict.is_ok())
        }
        Target::Csv => {
            let _ = crate::formats::csv::read_inputs(input);
            // The page and the command line hand over bytes: plain UTF-8 gets the text's verdict.
            if !input.starts_with('\u{feff}') && !input.contains('\0') {
                let (bytes, text) = (crate::formats::csv::parse_bytes(input.as_bytes()), crate::formats::csv::parse(input));
                if bytes != text {
                    return Err("its bytes and its text get different verdicts".into());
                }
            }
            match crate::formats::csv::parse(input) {
                Ok(d) => {
                    let reach = crate::formats::csv::PLOT_REACH * 1.0001;
                    if !d.points.iter().all(|p| p.x1.abs() <= reach && p.x2.abs() <= reach && p.label.is_finite()) {
                        return Err("accepted points off the plot or not finite".into());
                    }
                    let again = crate::formats::csv::parse(&d.to_csv()).map_err(|e| format!("its own CSV is refused: {e}"))?;
                    if again.points.len() != d.points.len() {
                        return Err("its own CSV has another number of points".into());
                    }
                    Ok(true)
                }
                Err(_) => Ok(false),
            }
        }
        Target::Weights => match crate::formats::model::parse_model(input) {
            Ok(model) => {
                for config in ["layers=2", "layers=3,2&batchnorm=on", "dataset=blobs&layers=4&bias=off"] {
                    let s = Settings::parse(config).unwrap_or_default();
                    let mut net = s.network();
                    let before = net.params().to_vec();
                    match crate::formats::model::apply_model(&mut net, &model) {
                        Ok(()) if !net.params().iter().all(|p| p.is_finite()) => return Err("loaded weights that are not finite".into()),
                        Err(_) if net.params() != &before[..] => return Err("a refused model changed the network".into()),
                        _ => {}
                    }
                }
                Ok(true)
            }
            Err(_) => Ok(false),
        },
        Target::CommandLine => {
            let args: Vec<String> = input.split(' ').map(str::to_string).collect();
            Ok(crate::cli::check(&args).is_ok())
        }
    }
}

/// Fuzzes one target with `count` inputs from `seed`.
pub fn run(target: Target, count: usize, seed: u64) -> Report {
    let mut rng = Rng::new(seed);
    let corpus = corpus(target, &mut rng);
    let mut report = Report::default();
    let start = Instant::now();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    for i in 0..count {
        let a = &corpus[rng.below(corpus.len())];
        let b = &corpus[rng.below(corpus.len())];
        // Every tenth input is a valid one, unmutated, so acceptance is exercised too.
        let input = if i % 10 == 0 { a.clone() } else { mutate(a, b, &mut rng) };
        report.inputs += 1;
        let outcome = catch_unwind(AssertUnwindSafe(|| exercise(target, &input)));
        let problem = match outcome {
            Ok(Ok(accepted)) => {
                report.accepted += usize::from(accepted);
                None
            }
            Ok(Err(broken)) => Some(broken),
            Err(panic) => Some(format!(
                "panic: {}",
                panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default()
            )),
        };
        if let Some(p) = problem {
            report.failed += 1;
            if report.failures.len() < 5 {
                report.failures.push((input, p));
            }
        }
    }
    std::panic::set_hook(previous);
    report.seconds = start.elapsed().as_secs_f64();
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutations_stay_text_and_change_the_input() {
        let mut rng = Rng::new(3);
        let changed = (0..200).filter(|_| mutate("dataset=xor&lr=0.1", "layers=3", &mut rng) != "dataset=xor&lr=0.1").count();
        assert!(changed > 150, "{changed} of 200 changed");
    }

    #[test]
    fn the_checks_accept_good_input_and_refuse_bad() {
        assert!(exercise(Target::Settings, "lr=0.1").unwrap());
        assert!(!exercise(Target::Csv, "not,a\ncsv").unwrap());
        assert_eq!(Target::from_name("cli"), Some(Target::CommandLine));
    }
}

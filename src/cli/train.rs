//! `neuroplay train`: trains a network headlessly (or each run of a comparison) and
//! reports it as JSON; saves the model and draws the figure on request.

use super::{help_line, parse_command, read_model, settings_help, text, whole_number, write_file, CliError};
use crate::config::Settings;
use crate::engine::metrics::{read, LossPoint};
use crate::engine::StepStats;
use crate::formats::model::num;
use serde_json::{json, Value};

/// The most epochs one run may ask for.
pub const MAX_EPOCHS: usize = 1_000_000;
/// Epochs when `--epochs` is not given.
pub const DEFAULT_EPOCHS: usize = 100;

/// `neuroplay train --help`.
pub fn train_usage() -> String {
    format!(
        "usage: neuroplay train [--lesson ID] [--config 'key=value&…'] [--epochs N] [--data FILE.csv] [--load-weights M.json]
                      [--save-weights M.json] [--plot F.svg] [--grad-norms] [--KEY VALUE …]

Trains a network headlessly and prints the result as JSON: the figures, each epoch's
losses, what the curves say (reading: a verdict and a sentence) and, when training
broke down (diverged: its loss overflowed or went unstable), the reason. The settings
string is the one the playground keeps in its URL, so any page can be reproduced here.
A progress bar shows on a terminal.

flags:
{}{}{}{}{}{}{}{}{}
{}",
        help_line("config", "STRING", "the settings string (keys as below, joined by &)", "every default"),
        help_line("lesson", "ID", "start from the lesson's whole setup (as does --config 'lesson=ID'); the other flags override it", "none"),
        help_line("epochs", "N", &format!("epochs to train, 0–{MAX_EPOCHS}"), &DEFAULT_EPOCHS.to_string()),
        help_line("data", "FILE.csv", "train on your own data: rows of x1,x2,label (sets dataset=custom)", "the dataset key's"),
        help_line("load-weights", "MODEL.json", "start from a saved model, with its settings unless --config gives them (what --save-weights wrote, or a list of weights)", "the seed's weights"),
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

/// `neuroplay train`.
pub(super) fn run(args: &[String], dry: bool) -> Result<String, CliError> {
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
    // A saved model brings its own settings and data scale (`--config` and flags win).
    let start = if dry { None } else { load.as_deref().map(read_model).transpose()? };
    let settings = common.settings(start.as_ref().and_then(|m| m.config.as_deref()), start.as_ref().and_then(|m| m.data.clone()))?;
    if dry {
        return settings.runs().map(|_| String::new()).map_err(|e| CliError(e.to_string()));
    }
    if let (Some(model), Some(path)) = (&start, &load) {
        crate::formats::model::apply_model(&mut settings.network(), model).map_err(|e| CliError(format!("--load-weights {path}: {e}")))?;
    }
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
        // A run that went unstable keeps its last (finite) figures; one whose loss became
        // infinite has the previous epoch's back, already recorded.
        // A run stopped early has its best epoch's figures back: the curve ends with those
        // of the epoch it stopped at.
        if let Some(stop) = trainer.stopped_at().filter(|_| s.stopped_early) {
            history.push(stop);
        } else if s.breakdown.is_none_or(|b| !b.non_finite) {
            history.push(s);
            if let Some(n) = trainer.grad_norms() {
                let mut row = vec![json!(s.epoch)];
                row.extend(n.iter().map(|&v| num(v)));
                norms.push(Value::Array(row));
            }
        }
    }
    let mut out = report(settings, &trainer.stats(), &history);
    if let Some(stop) = trainer.stopped_at() {
        out["stopped_at"] = json!(stop.epoch);
    }
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

/// The JSON report of a run: the settings string, the last figures (`null` where there
/// is no number: accuracy in regression), one `[epoch, train_loss, test_loss]` per epoch
/// (with a validation set, `val_loss` and `val_accuracy` too, and a fourth column), what
/// the curves say (`reading`: a verdict and a sentence) and, when training broke down
/// (`diverged`), why (`reason`).
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
    let points: Vec<LossPoint> = history.iter().map(LossPoint::from).collect();
    let reading = read(&points, Some(last.chance_loss), last.breakdown.as_ref());
    out["reading"] = json!({ "verdict": reading.verdict.name(), "text": reading.text });
    if let Some(b) = &last.breakdown {
        out["reason"] = json!(b.reason());
    }
    if let Some(c) = settings.custom.as_deref().filter(|c| !c.notes.is_empty()) {
        out["notes"] = json!(c.notes);
    }
    if let Some(v) = last.val_loss {
        out["val_loss"] = num(v);
        out["val_accuracy"] = last.val_accuracy.map_or(Value::Null, num);
    }
    out
}

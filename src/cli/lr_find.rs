//! `neuroplay lr-find`: the learning-rate range test, as JSON.

use super::{help_line, parse_command, settings_help, whole_number, CliError};
use crate::formats::model::num;
use serde_json::{json, Value};

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

/// `neuroplay lr-find`.
pub(super) fn run(args: &[String], dry: bool) -> Result<String, CliError> {
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

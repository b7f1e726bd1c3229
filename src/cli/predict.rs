//! `neuroplay predict`: a saved model's answer for every point of a CSV file.

use super::{help_line, load_trained, parse_command, read_file, settings_help, text, CliError};

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

/// `neuroplay predict`.
pub(super) fn run(args: &[String], dry: bool) -> Result<String, CliError> {
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
    let rows =
        crate::formats::csv::read_inputs_bytes(&read_file("data", &points)?).map_err(|e| CliError(format!("--data {points}: {e}")))?;
    let answers = crate::formats::predict::predict_rows(&settings, &mut net, &rows);
    Ok(answers.iter().map(|a| crate::formats::predict::format_row(a)).collect::<Vec<_>>().join("\n"))
}

//! `neuroplay lecture FILE`: checks a lecture the night before. Every lesson of the file is
//! loaded strictly and trained for its epochs (its `until=`, else `--epochs`); the figures
//! come out as JSON. The first lesson that does not load stops it, named by its line.

use super::{help_line, parse_positional, read_file, report, whole_number, CliError, DEFAULT_EPOCHS, MAX_EPOCHS};
use crate::config::Settings;
use crate::lecture::Lecture;
use serde_json::{json, Value};

/// `neuroplay lecture --help`.
pub fn lecture_usage() -> String {
    format!(
        "usage: neuroplay lecture FILE.md [--epochs N]

Checks a lecture: a Markdown file whose list items that are links, - [Title](#settings),
are its lessons (the indented lines under each are its caption). Every lesson is loaded
strictly and trained, each run of a comparison too, for the lesson's own until= epochs or
else --epochs; prints JSON with each lesson's figures and what its curves say. Exits with
2, naming the line, at the first lesson that does not load.

flags:
{}{}",
        help_line("epochs", "N", "epochs for a lesson without until=, 1–1000000", &DEFAULT_EPOCHS.to_string()),
        help_line("help", "", "this help", ""),
    )
}

/// `neuroplay lecture`.
pub(super) fn run(args: &[String], dry: bool) -> Result<String, CliError> {
    let mut epochs = DEFAULT_EPOCHS;
    let Some(path) = parse_positional(args, "FILE.md", &mut |flag, p| {
        if flag != "epochs" {
            return Ok(false);
        }
        epochs = whole_number(p, "epochs", 1, MAX_EPOCHS)?;
        Ok(true)
    })?
    else {
        return Ok(lecture_usage());
    };
    if dry {
        return Ok(String::new());
    }
    let text = crate::formats::text::decode(&read_file("lecture", &path)?).map_err(|e| CliError(format!("{path}: {e}")))?;
    let lecture = Lecture::parse(&text).map_err(|e| CliError(format!("{path}: {e}")))?;
    let mut lessons = Vec::new();
    for (k, entry) in lecture.entries.iter().enumerate() {
        let fail = |e: String| CliError(format!("{path}, line {}: lesson {} ('{}') does not load: {e}", entry.line, k + 1, entry.title));
        // A lesson's id with only how to show it is the lesson's whole setup, as on the page.
        let link = match crate::config::page::linked_lesson(&entry.link) {
            Some(l) => format!("{}&{}", l.settings, entry.link),
            None => entry.link.clone(),
        };
        let settings = Settings::parse(&link).map_err(|e| fail(e.to_string()))?;
        let runs = settings.runs().map_err(|e| fail(e.to_string()))?;
        let mut figures = Vec::new();
        for run in &runs {
            let mut trainer = run.settings.trainer().map_err(|e| fail(e.to_string()))?;
            let mut history = vec![trainer.stats()];
            for _ in 0..settings.until.unwrap_or(epochs) {
                if trainer.is_finished() {
                    break;
                }
                history.push(trainer.train_epoch());
            }
            let r = report(&run.settings, &trainer.stats(), &history);
            let keep = ["epochs_run", "train_loss", "test_loss", "train_accuracy", "test_accuracy", "diverged", "reading", "reason"];
            let mut one: serde_json::Map<String, Value> = keep.iter().filter_map(|k| Some((k.to_string(), r.get(*k)?.clone()))).collect();
            one.insert("label".into(), json!(run.label));
            figures.push(Value::Object(one));
        }
        lessons.push(json!({ "line": entry.line, "title": entry.title, "config": settings.to_string(), "runs": figures }));
    }
    Ok(json!({ "lecture": lecture.title, "lessons": lessons }).to_string())
}

//! `neuroplay export`: a saved model as a Python program.

use super::{help_line, load_trained, parse_command, settings_help, text, CliError};

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

/// `neuroplay export`.
pub(super) fn run(args: &[String], dry: bool) -> Result<String, CliError> {
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

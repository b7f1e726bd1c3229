//! `neuroplay backprop`: one example forward and backward with every number, as JSON.

use super::{help_line, parse_command, settings_help, text, CliError};
use crate::config::Settings;
use crate::formats::model::{list, num};
use serde_json::{json, Value};

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

/// `neuroplay backprop`.
pub(super) fn run(args: &[String], dry: bool) -> Result<String, CliError> {
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

//! Weights and biases as JSON, in the layout the lectures write them: weights are one list
//! per layer, one row per neuron, one entry per input of that layer
//! (`[[[0.1,0.2],[0.3,0.4]],[[0.5,0.6]]]` is a 2-2-1 network); biases are one list per
//! layer, one entry per neuron. Reading checks every shape and number and says where the
//! first problem is; a network is changed only when everything fits.

use crate::config::Settings;
use crate::engine::Network;
use crate::formats::csv::CustomData;
use serde_json::Value;

/// Weights, `[layer][neuron][input]`.
pub type Weights = Vec<Vec<Vec<f32>>>;
/// Biases, `[layer][neuron]`.
pub type Biases = Vec<Vec<f32>>;

/// An `f32` as JSON: its shortest decimal (`0.6949884`, not the `f64` widening
/// `0.6949883699417114`), or `null` when it is not finite (JSON has no NaN).
pub fn num(x: f32) -> Value {
    // The shortest decimal that reads back as `x` also reads back as the f64 nearest to
    // it, whose shortest form is the same decimal.
    x.to_string().parse::<f64>().ok().filter(|v| v.is_finite()).map_or(Value::Null, Value::from)
}

/// Numbers as a JSON list, each as [`num`] writes it.
pub fn list(values: impl IntoIterator<Item = f32>) -> Value {
    Value::Array(values.into_iter().map(num).collect())
}

/// Every layer's weights as JSON.
pub fn weights_json(net: &Network) -> Value {
    Value::Array((0..net.layers().len()).map(|l| Value::Array(net.layer_weights(l).into_iter().map(list).collect())).collect())
}

/// Every layer's biases as JSON (empty lists without biases).
pub fn biases_json(net: &Network) -> Value {
    Value::Array((0..net.layers().len()).map(|l| list(net.layer_biases(l))).collect())
}

fn number(v: &Value, place: &str) -> Result<f32, String> {
    let x = v.as_f64().ok_or_else(|| format!("{place}: {v} is not a number"))?;
    let x = x as f32;
    if !x.is_finite() {
        return Err(format!("{place}: {v} is too large for a weight"));
    }
    Ok(x)
}

/// The most a weight or bias in a file may be, either way: what typing one on the page allows.
pub const WEIGHT_LIMIT: f32 = 100.0;

/// A weight or bias: a finite number within ±[`WEIGHT_LIMIT`].
fn weight(v: &Value, place: &str) -> Result<f32, String> {
    let x = number(v, place)?;
    if x.abs() > WEIGHT_LIMIT {
        return Err(format!("{place}: {v} is beyond ±{WEIGHT_LIMIT}, the most a weight or bias may be"));
    }
    Ok(x)
}

fn array<'a>(v: &'a Value, place: &str, what: &str) -> Result<&'a Vec<Value>, String> {
    v.as_array().ok_or_else(|| format!("{place}: expected {what} in [ ], found {}", short(v)))
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 20 {
        format!("{}…", s.chars().take(20).collect::<String>())
    } else {
        s
    }
}

fn parse_json(text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|e| format!("not valid JSON ({e})"))
}

/// Reads weights, checking that every entry is a finite number in nested lists.
pub fn parse_weights(text: &str) -> Result<Weights, String> {
    let v = parse_json(text)?;
    let layers = array(&v, "the weights", "one list per layer")?;
    layers
        .iter()
        .enumerate()
        .map(|(l, layer)| {
            let place = format!("layer {}", l + 1);
            array(layer, &place, "one row per neuron")?
                .iter()
                .enumerate()
                .map(|(j, row)| {
                    let place = format!("layer {}, neuron {}", l + 1, j + 1);
                    array(row, &place, "one weight per input")?
                        .iter()
                        .enumerate()
                        .map(|(i, w)| weight(w, &format!("layer {}, neuron {}, weight {}", l + 1, j + 1, i + 1)))
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// Reads biases: one list per layer of finite numbers.
pub fn parse_biases(text: &str) -> Result<Biases, String> {
    let v = parse_json(text)?;
    array(&v, "the biases", "one list per layer")?
        .iter()
        .enumerate()
        .map(|(l, layer)| {
            let place = format!("layer {}", l + 1);
            array(layer, &place, "one bias per neuron")?
                .iter()
                .enumerate()
                .map(|(j, b)| weight(b, &format!("layer {}, bias {}", l + 1, j + 1)))
                .collect()
        })
        .collect()
}

/// A saved model: what `--save-weights` writes and `--load-weights` reads.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Model {
    /// The settings string it was trained with, if the file says.
    pub config: Option<String>,
    /// Weights, `[layer][neuron][input]`.
    pub weights: Weights,
    /// Biases, `[layer][neuron]`: `None` for a bare list of weights (the network keeps
    /// its own), empty lists for a model saved without biases.
    pub biases: Option<Biases>,
    /// Per layer: batch normalization's γ, β, running mean and variance, if any.
    pub norms: Vec<Option<[Vec<f32>; 4]>>,
    /// For a model of imported data: the file's scale and class names (no points).
    pub data: Option<CustomData>,
}

/// The whole model as JSON: `{"format", "config", "weights", "biases"}`, plus
/// `"batchnorm"` (per layer `{gamma, beta, mean, var}` or null) when it is on and `"data"`
/// (the imported file's scale and classes) for imported data.
pub fn model_json(settings: &Settings, net: &Network) -> Value {
    let mut o = serde_json::Map::new();
    o.insert("format".into(), Value::from(FORMAT));
    o.insert("config".into(), Value::from(settings.to_string()));
    o.insert("weights".into(), weights_json(net));
    o.insert("biases".into(), biases_json(net));
    if net.config().batchnorm {
        let norms = (0..net.layers().len()).map(|l| match net.layer_norm(l) {
            Some([g, b, m, v]) => serde_json::json!({ "gamma": list(g), "beta": list(b), "mean": list(m), "var": list(v) }),
            None => Value::Null,
        });
        o.insert("batchnorm".into(), Value::Array(norms.collect()));
    }
    if let (crate::data::DatasetKind::Custom, Some(c)) = (settings.dataset, &settings.custom) {
        o.insert("data".into(), c.scale_json());
    }
    Value::Object(o)
}

/// What a model file says it is.
pub const FORMAT: &str = "neuroplay-model";

/// [`parse_model`] of a file's bytes, decoded as the page and the command line both do
/// (see [`text::decode`](super::text::decode)).
pub fn parse_model_bytes(bytes: &[u8]) -> Result<Model, String> {
    parse_model(&super::text::decode(bytes).map_err(|e| e.to_string())?)
}

/// Reads a model file: the object [`model_json`] writes, or a bare list of weights in the
/// layout of `backprop --weights`. Every shape and number is checked.
pub fn parse_model(text: &str) -> Result<Model, String> {
    let v = parse_json(text)?;
    if v.is_array() {
        return Ok(Model { weights: parse_weights(text)?, ..Model::default() });
    }
    let o = v.as_object().ok_or_else(|| "expected the weights as a list, or a model object".to_string())?;
    match o.get("format") {
        None => {}
        Some(Value::String(f)) if f == FORMAT => {}
        Some(other) => return Err(format!("\"format\" is {}, not \"{FORMAT}\": this is not a Neuroplay model", short(other))),
    }
    let weights = parse_weights(&o.get("weights").ok_or("the model has no \"weights\"")?.to_string())?;
    // A model object without biases was saved without them.
    let biases = Some(o.get("biases").map(|b| parse_biases(&b.to_string())).transpose()?.unwrap_or_default());
    let config = match o.get("config") {
        Some(Value::String(c)) => Some(c.clone()),
        Some(other) => return Err(format!("\"config\" should be a settings string, found {}", short(other))),
        None => None,
    };
    let norms = match o.get("batchnorm") {
        None | Some(Value::Null) => Vec::new(),
        Some(v) => array(v, "batchnorm", "one entry per layer")?
            .iter()
            .enumerate()
            .map(|(l, n)| {
                if n.is_null() {
                    return Ok(None);
                }
                let field = |name: &str| -> Result<Vec<f32>, String> {
                    let place = format!("batchnorm of layer {}, {name}", l + 1);
                    array(n.get(name).ok_or_else(|| format!("{place} is missing"))?, &place, "one number per neuron")?
                        .iter()
                        .map(|x| number(x, &place))
                        .collect()
                };
                Ok(Some([field("gamma")?, field("beta")?, field("mean")?, field("var")?]))
            })
            .collect::<Result<_, String>>()?,
    };
    let data = o.get("data").map(CustomData::from_scale_json).transpose()?;
    Ok(Model { config, weights, biases, norms, data })
}

/// Puts a model's weights, biases and batch normalization into the network; on any
/// problem the network is left exactly as it was.
pub fn apply_model(net: &mut Network, model: &Model) -> Result<(), String> {
    let mut next = net.clone();
    let biases = model.biases.as_ref().filter(|b| b.iter().any(|l| !l.is_empty()));
    let net_has_biases = (0..net.layers().len()).any(|l| !net.layer_biases(l).is_empty());
    if model.biases.is_some() && biases.is_none() && net_has_biases {
        return Err("the model has no biases (it was saved with bias=off), but this network has them: load it with its own settings, or set bias=off".into());
    }
    apply(&mut next, &model.weights, biases)?;
    for (l, n) in model.norms.iter().enumerate() {
        if let Some(n) = n {
            next.set_layer_norm(l, n)?;
        }
    }
    *net = next;
    Ok(())
}

/// Puts weights (and biases, if given) into the network. Every shape is checked first;
/// on any problem the network is left exactly as it was.
pub fn apply(net: &mut Network, weights: &Weights, biases: Option<&Biases>) -> Result<(), String> {
    let n = net.layers().len();
    if weights.len() != n {
        return Err(format!(
            "the network has {n} layers of weights (hidden layers and the output), but {} lists were given",
            weights.len()
        ));
    }
    if let Some(b) = biases {
        if b.len() != n {
            return Err(format!("the network has {n} layers of biases, but {} lists were given", b.len()));
        }
    }
    let mut next = net.clone();
    for (l, rows) in weights.iter().enumerate() {
        next.set_layer_weights(l, rows)?;
    }
    if let Some(b) = biases {
        for (l, row) in b.iter().enumerate() {
            next.set_layer_biases(l, row)?;
        }
    }
    net.set_params(next.params());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Activation, Loss, NetworkConfig, Output, Rng};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn net(bias: bool) -> Network {
        let mut c = NetworkConfig::new(2, &[2], Activation::Sigmoid, 1, Output::Sigmoid, Loss::Mse);
        c.bias = bias;
        c.init(&mut Rng::new(4))
    }

    #[test]
    fn weights_and_biases_round_trip() {
        let mut a = net(true);
        let text = weights_json(&a).to_string();
        let btext = biases_json(&a).to_string();
        let mut b = net(true);
        b.set_params(&vec![0.0; b.params().len()]);
        apply(&mut b, &parse_weights(&text).unwrap(), Some(&parse_biases(&btext).unwrap())).unwrap();
        assert_eq!(a.params(), b.params());
        apply(&mut a, &parse_weights("[[[0.1,0.2],[0.3,0.4]],[[0.5,0.6]]]").unwrap(), None).unwrap();
        assert_eq!(weights_json(&a).to_string(), "[[[0.1,0.2],[0.3,0.4]],[[0.5,0.6]]]");
        assert_eq!(a.layer_weights(0), vec![vec![0.1, 0.2], vec![0.3, 0.4]]);
        assert_eq!(biases_json(&net(false)).to_string(), "[[],[]]");
    }

    #[test]
    fn a_model_round_trips_with_batch_normalization_and_the_datas_scale() {
        let text: String = (0..20).map(|i| format!("{},{},{}\n", 100 + i, i % 5, i % 2)).collect();
        let mut s = Settings::parse("layers=3,2&batchnorm=on").unwrap();
        s.dataset = crate::data::DatasetKind::Custom;
        s.custom = Some(std::sync::Arc::new(crate::formats::csv::parse(&text).unwrap()));
        let mut t = s.trainer().unwrap();
        t.train_epochs(3);
        let net = t.network().clone();
        let json = model_json(&s, &net).to_string();
        let model = parse_model(&json).unwrap();
        assert_eq!(model.config.as_deref(), Some(s.to_string().as_str()));
        let data = model.data.clone().unwrap();
        assert_eq!(data.inputs, s.custom.as_ref().unwrap().inputs);
        assert_eq!(data.class_names, vec!["0", "1"]);
        let mut fresh = s.network();
        apply_model(&mut fresh, &model).unwrap();
        assert_eq!(fresh.params(), net.params());
        for l in 0..2 {
            assert_eq!(fresh.layer_norm(l), net.layer_norm(l));
        }
        // Same outputs, running averages included.
        let x = crate::engine::Matrix::from_vec(2, 2, vec![0.5, -1.0, 2.0, 3.0]);
        assert_eq!(fresh.predict(&x), net.clone().predict(&x));
        // A bare list of weights is a model too; a wrong variance is refused.
        assert_eq!(parse_model("[[[1,2]]]").unwrap().weights, vec![vec![vec![1.0, 2.0]]]);
        let bad = json.replace("\"var\":[", "\"var\":[-1,");
        let e = parse_model(&bad).and_then(|m| apply_model(&mut s.network(), &m)).unwrap_err();
        assert!(e.contains("variance") || e.contains("per neuron"), "{e}");
    }

    #[test]
    fn a_model_without_biases_an_unknown_format_or_huge_biases_is_refused_with_its_reason() {
        let without = model_json(&Settings::parse("layers=2&bias=off").unwrap(), &net(false)).to_string();
        let mut n = net(true);
        let before = n.params().to_vec();
        let e = apply_model(&mut n, &parse_model(&without).unwrap()).unwrap_err();
        assert!(e.contains("no biases") && e.contains("bias=off"), "{e}");
        assert_eq!(n.params(), &before[..]);
        let no_key = "{\"weights\":[[[0.1,0.2],[0.3,0.4]],[[0.5,0.6]]]}";
        assert!(apply_model(&mut n, &parse_model(no_key).unwrap()).unwrap_err().contains("no biases"));
        // A bare list of weights keeps the network's biases.
        apply_model(&mut n, &parse_model("[[[0.1,0.2],[0.3,0.4]],[[0.5,0.6]]]").unwrap()).unwrap();
        let e = parse_model(&without.replace(FORMAT, "keras-model")).unwrap_err();
        assert!(e.contains("\"format\" is \"keras-model\"") && e.contains("not a Neuroplay model"), "{e}");
        let e = parse_model("{\"format\":\"neuroplay-model\",\"weights\":[[[1]]],\"biases\":[[250]]}").unwrap_err();
        assert!(e.contains("layer 1, bias 1: 250 is beyond ±100"), "{e}");
        // The byte-order mark some editors write is no reason to refuse a file.
        let bom = [b"\xEF\xBB\xBF", without.as_bytes()].concat();
        assert_eq!(parse_model_bytes(&bom).unwrap(), parse_model(&without).unwrap());
        assert!(parse_model_bytes(b"[[[0.1,\xE9]]]").unwrap_err().contains("save the file as UTF-8"));
    }

    #[test]
    fn every_bad_file_is_refused_with_where_and_why_and_nothing_changes() {
        let cases = [
            ("", "not valid JSON"),
            ("[[[0.1,0.2],[0.3,0.4]],[[0.5,0.6]]", "not valid JSON"),
            ("{\"w\":1}", "expected one list per layer"),
            ("[[[0.1,0.2],[0.3,0.4]],[[0.5,\"x\"]]]", "layer 2, neuron 1, weight 2: \"x\" is not a number"),
            ("[[[0.1,0.2],[0.3,0.4]],[[0.5,1e39]]]", "too large"),
            ("[[[0.1,0.2],[0.3,-100.5]],[[0.5,1]]]", "layer 1, neuron 2, weight 2: -100.5 is beyond ±100"),
            ("[[[0.1,0.2],[0.3,0.4]],[0.5,0.6]]", "layer 2, neuron 1: expected one weight per input"),
            ("[[[0.1,0.2],[0.3,0.4]]]", "2 layers of weights"),
            ("[[[0.1,0.2]],[[0.5,0.6]]]", "layer 1 has 2 neurons, so it needs 2 rows"),
            ("[[[0.1,0.2],[0.3]],[[0.5,0.6]]]", "neuron 2 of layer 1 has 2 inputs"),
        ];
        for (text, fragment) in cases {
            let mut n = net(true);
            let before = n.params().to_vec();
            let e = parse_weights(text).and_then(|w| apply(&mut n, &w, None)).expect_err(text);
            assert!(e.contains(fragment), "{text}: '{e}' lacks '{fragment}'");
            assert_eq!(n.params(), &before[..], "{text} changed the network");
        }
        let mut n = net(false);
        let w = parse_weights("[[[0.1,0.2],[0.3,0.4]],[[0.5,0.6]]]").unwrap();
        let e = apply(&mut n, &w, Some(&vec![vec![0.0, 0.0], vec![0.0]])).unwrap_err();
        assert!(e.contains("no biases"), "{e}");
        let e = parse_biases("[[1,2],[3,\"b\"]]").unwrap_err();
        assert!(e.contains("layer 2, bias 2"), "{e}");
        let mut n = net(true);
        let e = apply(&mut n, &w, Some(&vec![vec![0.0, 0.0], vec![0.0, 1.0]])).unwrap_err();
        assert!(e.contains("one bias per neuron, not 2"), "{e}");
    }
}

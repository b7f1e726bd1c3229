//! Weights and biases as JSON, in the layout the lectures write them: weights are one list
//! per layer, one row per neuron, one entry per input of that layer
//! (`[[[0.1,0.2],[0.3,0.4]],[[0.5,0.6]]]` is a 2-2-1 network); biases are one list per
//! layer, one entry per neuron. Reading checks every shape and number and says where the
//! first problem is; a network is changed only when everything fits.

use crate::engine::Network;
use serde_json::Value;

/// Weights, `[layer][neuron][input]`.
pub type Weights = Vec<Vec<Vec<f32>>>;
/// Biases, `[layer][neuron]`.
pub type Biases = Vec<Vec<f32>>;

fn num(x: f32) -> Value {
    // The shortest decimal of the f32 (see cli::num), so files stay short and exact.
    x.to_string().parse::<f64>().ok().map_or(Value::Null, Value::from)
}

fn list(values: impl IntoIterator<Item = f32>) -> Value {
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
                        .map(|(i, w)| number(w, &format!("layer {}, neuron {}, weight {}", l + 1, j + 1, i + 1)))
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
                .map(|(j, b)| number(b, &format!("layer {}, bias {}", l + 1, j + 1)))
                .collect()
        })
        .collect()
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
    fn every_bad_file_is_refused_with_where_and_why_and_nothing_changes() {
        let cases = [
            ("", "not valid JSON"),
            ("[[[0.1,0.2],[0.3,0.4]],[[0.5,0.6]]", "not valid JSON"),
            ("{\"w\":1}", "expected one list per layer"),
            ("[[[0.1,0.2],[0.3,0.4]],[[0.5,\"x\"]]]", "layer 2, neuron 1, weight 2: \"x\" is not a number"),
            ("[[[0.1,0.2],[0.3,0.4]],[[0.5,1e39]]]", "too large"),
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

//! The backpropagation walk-through as sentences: one step of the chain rule each, with
//! the engine's numbers in it (never recomputed here; each number is one the engine's
//! [`Walk`] holds, only formatted).

use crate::engine::layer::Dense;
use crate::engine::{Activation, Loss, Network, Output, Walk};

/// What a step of the walk-through looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    /// The input point.
    Input,
    /// The forward pass through layer `l`.
    Forward(usize),
    /// The loss.
    Loss,
    /// δ of layer `l`.
    Delta(usize),
    /// The gradients of layer `l`'s weights and biases.
    Gradient(usize),
    /// The update of every weight.
    Update,
}

/// One step: what it looks at and the sentence that says it, with numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// What the step looks at (the diagram highlights it).
    pub focus: Focus,
    /// The sentence.
    pub text: String,
}

/// A number as the walk-through writes it: four significant digits.
pub fn n(x: f32) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let digits = (3 - x.abs().log10().floor() as i32).clamp(0, 8) as usize;
    let s = format!("{x:.digits$}");
    if !s.contains('.') {
        return s;
    }
    // Trailing zeros go only when the shorter number is the value itself (0.05), not when
    // they are figures of its own (σ′(0.025) = 0.2500, not 0.25).
    let short = s.trim_end_matches('0').trim_end_matches('.').to_string();
    let exact = short.parse::<f32>().is_ok_and(|v| (v - x).abs() <= x.abs() * 1e-6);
    if exact {
        short
    } else {
        s
    }
}

fn act_name(a: Activation) -> &'static str {
    match a {
        Activation::Sigmoid => "σ",
        Activation::Tanh => "tanh",
        Activation::Relu => "ReLU",
        Activation::LeakyRelu => "leaky ReLU",
        Activation::Elu => "ELU",
        Activation::Silu => "SiLU",
        Activation::Gelu => "GELU",
        Activation::Linear => "the identity",
        Activation::Step => "step",
    }
}

/// The sentence's first letter in upper case.
fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

/// How the walk-through names a neuron of layer `l` (of `layers`), 1-based.
pub fn neuron_name(l: usize, j: usize, layers: usize) -> String {
    if l + 1 == layers {
        format!("output {}", j + 1)
    } else {
        format!("h{}.{}", l + 1, j + 1)
    }
}

/// How it names input `i` of layer `l`: a feature's name, or the neuron before.
fn input_name(l: usize, i: usize, layers: usize, features: &[&str]) -> String {
    if l == 0 {
        features.get(i).map_or(format!("x{}", i + 1), |f| f.to_string())
    } else {
        neuron_name(l - 1, i, layers)
    }
}

/// The steps of a walk on `net` (the network before the step), `features` naming its inputs:
/// the input, each layer forward, the loss, then each layer's δ and gradients from the output
/// down, and the update.
pub fn steps(walk: &Walk, net: &Network, features: &[&str]) -> Vec<Step> {
    let w = Walked { walk, net, features, count: net.layers().len() };
    let mut out = vec![w.input()];
    out.extend((0..w.count).map(|l| w.forward(l)));
    out.push(w.loss());
    for l in (0..w.count).rev() {
        out.push(w.delta(l));
        out.push(w.gradient(l));
    }
    out.push(w.update());
    out
}

/// A walk with the network and the names it is written with.
struct Walked<'a> {
    walk: &'a Walk,
    net: &'a Network,
    features: &'a [&'a str],
    count: usize,
}

impl Walked<'_> {
    fn last(&self) -> usize {
        self.count - 1
    }

    fn input(&self) -> Step {
        let inputs: Vec<String> = self
            .walk
            .input
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{} = {}", input_name(0, i, self.count, self.features), n(*v)))
            .collect();
        let targets: Vec<String> = self.walk.target.iter().map(|t| n(*t)).collect();
        Step { focus: Focus::Input, text: format!("The point goes in: {}. Its target is t = {}.", inputs.join(", "), targets.join(", ")) }
    }

    /// Layer `l` forward: the first neuron written out, the others by their results.
    fn forward(&self, l: usize) -> Step {
        let (walk, config) = (self.walk, self.net.config());
        let layer = &self.net.layers()[l];
        let w = &walk.layers[l];
        let act = if l < self.last() { layer.activation } else { output_activation(config.output) };
        let j = 0;
        let terms: Vec<String> =
            (0..layer.inputs).map(|i| format!("{}·{}", n(walk.before[layer.weight_index(i, j)]), n(walk.layer_input(l, i)))).collect();
        let bias = if layer.biases.is_empty() { String::new() } else { format!(" + {}", n(walk.before[layer.biases.start + j])) };
        let name = neuron_name(l, j, self.count);
        let mut text = if !layer.norm.is_empty() {
            format!("Layer {}: {name} sums its inputs, the sum is batch-normalised (running averages) to net = {}", l + 1, n(w.net[j]))
        } else {
            format!("Layer {}: net of {name} = {}{bias} = {}", l + 1, terms.join(" + "), n(w.net[j]))
        };
        if config.output == Output::Softmax && l == self.last() {
            text.push_str(&format!("; softmax turns the nets into probabilities: {name} = {}", n(w.out[j])));
        } else {
            text.push_str(&format!("; out = {}({}) = {}", act_name(act), n(w.net[j]), n(w.out[j])));
        }
        if layer.outputs > 1 {
            let rest: Vec<String> = (1..layer.outputs).map(|k| format!("{} = {}", neuron_name(l, k, self.count), n(w.out[k]))).collect();
            text.push_str(&format!(". The others: {}.", rest.join(", ")));
        } else {
            text.push('.');
        }
        Step { focus: Focus::Forward(l), text }
    }

    fn loss(&self) -> Step {
        let walk = self.walk;
        let o = &walk.layers[self.last()].out;
        let text = match self.net.config().loss {
            Loss::Mse => {
                let terms: Vec<String> = o.iter().zip(&walk.target).map(|(o, t)| format!("({} − {})²", n(*t), n(*o))).collect();
                format!(
                    "The loss, squared error E = ½ Σ (t − o)² (the ½ makes its slope t − o without a 2): E = ½·{} = {}.",
                    terms.join(" + "),
                    n(walk.loss)
                )
            }
            Loss::BinaryCrossEntropy => format!(
                "The loss, cross-entropy E = −[t·ln o + (1 − t)·ln(1 − o)] with o = {} and t = {}: E = {}.",
                n(o[0]),
                n(walk.target[0]),
                n(walk.loss)
            ),
            Loss::SoftmaxCrossEntropy => {
                let k = walk.target.iter().position(|t| *t == 1.0).unwrap_or(0);
                format!(
                    "The loss, cross-entropy E = −ln o of the right class ({}): E = −ln {} = {}.",
                    neuron_name(self.last(), k, self.count),
                    n(o[k]),
                    n(walk.loss)
                )
            }
        };
        Step { focus: Focus::Loss, text }
    }

    /// Layer `l`'s δ: at the output from the loss, below it by the chain rule.
    fn delta(&self, l: usize) -> Step {
        let (walk, config, layers) = (self.walk, self.net.config(), self.net.layers());
        let w = &walk.layers[l];
        let name = neuron_name(l, 0, self.count);
        let text = match (&w.factors, l == self.last()) {
            (Some((slope, _)), true) if slope.iter().all(|s| *s == 1.0) => format!(
                "Backward. δ of the output is ∂E/∂net = o − t{}: δ = {} − {} = {}.",
                if config.loss == Loss::Mse { "" } else { " (cross-entropy's log cancels the output's own slope)" },
                n(w.out[0]),
                n(walk.target[0]),
                n(w.delta[0])
            ),
            (Some((slope, err)), true) => format!(
                "Backward. δ of the output by the chain rule: δ = ∂E/∂o · ∂o/∂net = (o − t) · {}′(net) = {} · {} = {}.",
                act_name(output_activation(config.output)),
                n(err[0]),
                n(slope[0]),
                n(w.delta[0])
            ),
            (None, _) => format!("Backward. Through the softmax every output's δ depends on all of them: δ of {name} = {}.", n(w.delta[0])),
            (Some((slope, back)), false) => {
                let next = &layers[l + 1];
                let terms: Vec<String> = (0..next.outputs)
                    .map(|k| format!("{}·{}", n(walk.before[next.weight_index(0, k)]), n(walk.layers[l + 1].delta[k])))
                    .collect();
                format!(
                    "Layer {}: δ of {name} = {}′(net) · Σ (its weights out × the δs they lead to) = {} · ({}) = {} · {} = {}.",
                    l + 1,
                    act_name(layers[l].activation),
                    n(slope[0]),
                    terms.join(" + "),
                    n(slope[0]),
                    n(back[0]),
                    n(w.delta[0])
                )
            }
        };
        let more = if w.delta.len() > 1 {
            let rest: Vec<String> = (1..w.delta.len()).map(|k| format!("{} = {}", neuron_name(l, k, self.count), n(w.delta[k]))).collect();
            format!(" The other δs: {}.", rest.join(", "))
        } else {
            String::new()
        };
        Step { focus: Focus::Delta(l), text: text + &more }
    }

    /// Layer `l`'s gradients: the input a weight carries times the δ it feeds.
    fn gradient(&self, l: usize) -> Step {
        let walk = self.walk;
        let layer = &self.net.layers()[l];
        let (w, name) = (&walk.layers[l], neuron_name(l, 0, self.count));
        let k = layer.weight_index(0, 0);
        let mut g = format!(
            "Layer {} gradients: ∂E/∂w = (the input the weight carries) × (δ of the neuron it feeds). For {} → {}: {} · {} = {}",
            l + 1,
            input_name(l, 0, self.count, self.features),
            name,
            n(walk.layer_input(l, 0)),
            n(w.delta[0]),
            n(walk.grads[k])
        );
        if !layer.biases.is_empty() {
            g.push_str(&format!("; a bias's is δ itself: ∂E/∂b of {name} = {}", n(walk.grads[layer.biases.start])));
        }
        if self.net.config().reg_rate > 0.0 {
            g.push_str(" (the penalty's slope is added to each weight's)");
        }
        g.push('.');
        if l > 0 && l == self.last() {
            g.push_str(&self.slip_note(l));
        }
        Step { focus: Focus::Gradient(l), text: g }
    }

    /// Why ∂net/∂w is the input the weight carries, not the weight: the slip a slide can
    /// make, with what it would give against the right update, for the layer's first
    /// weight.
    fn slip_note(&self, l: usize) -> String {
        let walk = self.walk;
        let k = self.net.layers()[l].weight_index(0, 0);
        let (w, input, delta) = (walk.before[k], walk.layer_input(l, 0), walk.layers[l].delta[0]);
        let (wrong, right) = (delta * w, walk.grads[k]);
        format!(
            " Why the input: net = Σ w·(input), so ∂net/∂w is the input the weight carries ({} = {}), not the weight itself ({}). Taking the weight instead gives {} · {} = {} and w → {}; the right update is {}.",
            input_name(l, 0, self.count, self.features),
            n(input),
            n(w),
            n(delta),
            n(w),
            n(wrong),
            n(w - walk.lr * wrong),
            n(w - walk.lr * right)
        )
    }

    fn update(&self) -> Step {
        let walk = self.walk;
        let one = |l: usize| {
            let k = self.net.layers()[l].weight_index(0, 0);
            format!(
                "for {} → {}: {} − {}·{} = {}",
                input_name(l, 0, self.count, self.features),
                neuron_name(l, 0, self.count),
                n(walk.before[k]),
                n(walk.lr),
                n(walk.grads[k]),
                n(walk.after[k])
            )
        };
        let mut text = format!("Update, every weight at once: w ← w − η·∂E/∂w with η = {}. {}", n(walk.lr), capitalise(&one(0)));
        if self.count > 1 {
            text.push_str(&format!("; {}", one(self.last())));
        }
        text.push('.');
        Step { focus: Focus::Update, text }
    }
}

/// Where the diagram writes a number of the walk-through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// Beside input `i` of the network (the i-th feature switched on).
    Input(usize),
    /// Beside neuron `j` of layer `l` (the last layer is the output).
    Neuron(usize, usize),
    /// On the weight of layer `l` from its input `i` to its neuron `j`.
    Link(usize, usize, usize),
}

/// A number (or a few) the diagram shows at a step, each line "symbol value".
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    /// Where it goes.
    pub place: Place,
    /// Its lines, e.g. "z 0.025" and "a 0.5062".
    pub lines: Vec<String>,
}

/// The numbers the diagram shows at a step of the walk-through, all read from the
/// engine's [`Walk`] (only formatted here): at the input, the point; going forward
/// through layer l, the net input z and output a of every neuron up to l; at the loss,
/// every neuron's z and a and the outputs' targets t; going backward, the δ of every
/// neuron reached; at a layer's gradients, also ∂E/∂w on each of its weights; at the
/// update, each weight's new value. `layers` is the network walked; a walk that does not
/// fit it (the network changed since) shows nothing.
pub fn diagram_numbers(walk: &Walk, layers: &[Dense], focus: Focus) -> Vec<Label> {
    let fits = walk.layers.len() == layers.len()
        && layers.first().is_some_and(|l| l.inputs == walk.input.len())
        && layers.iter().zip(&walk.layers).all(|(d, w)| w.net.len() == d.outputs && w.out.len() == d.outputs && w.delta.len() == d.outputs)
        && layers.iter().all(|d| d.weights.end <= walk.grads.len() && d.weights.end <= walk.after.len());
    if !fits {
        return Vec::new();
    }
    let last = layers.len() - 1;
    let mut out = Vec::new();
    let inputs = |out: &mut Vec<Label>| {
        out.extend(walk.input.iter().enumerate().map(|(i, x)| Label { place: Place::Input(i), lines: vec![format!("x {}", n(*x))] }));
    };
    let forward = |out: &mut Vec<Label>, upto: usize, targets: bool| {
        for (l, w) in walk.layers.iter().enumerate().take(upto + 1) {
            for j in 0..w.out.len() {
                let mut lines = vec![format!("z {}", n(w.net[j])), format!("a {}", n(w.out[j]))];
                if targets && l == last {
                    if let Some(t) = walk.target.get(j) {
                        lines.push(format!("t {}", n(*t)));
                    }
                }
                out.push(Label { place: Place::Neuron(l, j), lines });
            }
        }
    };
    let deltas = |out: &mut Vec<Label>, from: usize| {
        for (l, w) in walk.layers.iter().enumerate().skip(from) {
            out.extend(w.delta.iter().enumerate().map(|(j, d)| Label { place: Place::Neuron(l, j), lines: vec![format!("δ {}", n(*d))] }));
        }
    };
    let links = |out: &mut Vec<Label>, l: usize, values: &[f32]| {
        let d = &layers[l];
        for i in 0..d.inputs {
            for j in 0..d.outputs {
                out.push(Label { place: Place::Link(l, i, j), lines: vec![n(values[d.weight_index(i, j)])] });
            }
        }
    };
    match focus {
        Focus::Input => inputs(&mut out),
        Focus::Forward(l) => {
            inputs(&mut out);
            forward(&mut out, l.min(last), false);
        }
        Focus::Loss => {
            inputs(&mut out);
            forward(&mut out, last, true);
        }
        Focus::Delta(l) => deltas(&mut out, l.min(last)),
        Focus::Gradient(l) => {
            deltas(&mut out, l.min(last));
            links(&mut out, l.min(last), &walk.grads);
        }
        Focus::Update => (0..layers.len()).for_each(|l| links(&mut out, l, &walk.after)),
    }
    out
}

/// What the walk-through says about one bias at the step shown, if anything: its
/// gradient ∂E/∂b at its layer's gradient step, its new value at the update.
pub fn bias_number(walk: &Walk, layers: &[Dense], focus: Focus, l: usize, j: usize) -> Option<String> {
    let d = layers.get(l)?;
    let k = d.biases.start + j;
    if j >= d.outputs || !d.biases.contains(&k) {
        return None;
    }
    match focus {
        Focus::Gradient(g) if g == l => walk.grads.get(k).map(|g| format!("∂E/∂b = {}", n(*g))),
        Focus::Update => walk.after.get(k).map(|b| format!("after the update {}", n(*b))),
        _ => None,
    }
}

fn output_activation(o: Output) -> Activation {
    match o {
        Output::Sigmoid => Activation::Sigmoid,
        Output::Tanh => Activation::Tanh,
        Output::Identity | Output::Softmax => Activation::Linear,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_textbook_walk_reads_like_the_hand_computation() {
        let s = Settings::parse("layers=2&activation=sigmoid&output=sigmoid&bias=off&loss=mse&lr=1").unwrap();
        let mut net = s.network();
        crate::formats::model::apply(&mut net, &crate::formats::model::parse_weights("[[[0.1,0.2],[0.3,0.4]],[[0.5,0.6]]]").unwrap(), None)
            .unwrap();
        let walk = net.walk(&[0.05, 0.1], &[0.1], 1.0);
        let steps = steps(&walk, &net, &["x1", "x2"]);
        let text: Vec<&str> = steps.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(steps.len(), 1 + 2 + 1 + 2 * 2 + 1);
        assert_eq!(text[0], "The point goes in: x1 = 0.05, x2 = 0.1. Its target is t = 0.1.");
        assert!(
            text[1].starts_with("Layer 1: net of h1.1 = 0.1·0.05 + 0.2·0.1 = 0.025; out = σ(0.025) = 0.5062. The others: h1.2 = 0.5137."),
            "{}",
            text[1]
        );
        assert!(text[3].contains("E = ½·(0.1 − 0.6368)² = 0.1441"), "{}", text[3]);
        assert!(text[4].contains("(o − t) · σ′(net) = 0.5368 · 0.2313 = 0.1242"), "{}", text[4]);
        assert!(text[6].starts_with("Layer 1: δ of h1.1 = σ′(net) · Σ"), "{}", text[6]);
        assert!(text[6].contains("= 0.2500 · (0.5·0.1242) = 0.2500 · 0.06208 = 0.01552"), "{}", text[6]);
        assert!(text[8].contains("0.1 − 1·0.0007758 = 0.09922"), "{}", text[8]);
        // Every number comes from the walk: the update's results are the engine's.
        let w5 = net.layers()[1].weight_index(0, 0);
        assert!(
            text[8].contains(&format!("= {};", n(walk.after[0]))) && text[8].ends_with(&format!("{}.", n(walk.after[w5]))),
            "{}",
            text[8]
        );
    }

    /// The course's worked example: its numbers, and the slide's slip at w5 put right.
    #[test]
    fn the_courses_example_gives_the_courses_numbers_and_corrects_the_slides_w5() {
        let s = Settings::parse("layers=2&activation=sigmoid&output=sigmoid&bias=off&loss=mse&lr=1").unwrap();
        let mut net = s.network();
        let weights = crate::formats::model::parse_weights("[[[0.14,0.19],[0.24,0.29]],[[0.35,0.40]]]").unwrap();
        crate::formats::model::apply(&mut net, &weights, None).unwrap();
        let walk = net.walk(&[0.05, 0.1], &[0.1], 1.0);
        let text: Vec<String> = steps(&walk, &net, &["x1", "x2"]).into_iter().map(|s| s.text).collect();
        assert!(text[1].contains("out = σ(0.026) = 0.5065"), "out_h1: {}", text[1]);
        assert!(text[2].contains("= 0.5942"), "out_o1: {}", text[2]);
        assert!(text[3].ends_with("= 0.1221."), "E: {}", text[3]);
        // The w5 step: the right factor is out_h1, and the slide's w5 gives 0.31.
        let w5 = &text[5];
        assert!(w5.contains("For h1.1 → output 1: 0.5065 · 0.1192 = 0.06036"), "{w5}");
        assert!(w5.contains("∂net/∂w is the input the weight carries (h1.1 = 0.5065), not the weight itself (0.35)"), "{w5}");
        assert!(w5.contains("w → 0.3083") && w5.contains("the right update is 0.2896"), "{w5}");
        assert!(text.last().unwrap().ends_with("for h1.1 → output 1: 0.35 − 1·0.06036 = 0.2896."), "{}", text.last().unwrap());
    }

    #[test]
    fn numbers_have_four_significant_digits() {
        assert_eq!(n(0.14406104), "0.1441");
        assert_eq!(n(0.025000002), "0.025");
        assert_eq!(n(0.24996), "0.2500", "σ′(0.025) is not a quarter");
        assert_eq!(n(12.3456), "12.35");
        assert_eq!(n(-0.00077582), "-0.0007758");
        assert_eq!(n(1.0), "1");
        assert_eq!(n(0.0), "0");
    }

    #[test]
    fn the_diagram_shows_the_numbers_of_the_step_and_only_those() {
        let s = Settings::parse("layers=2&activation=sigmoid&output=sigmoid&bias=off&loss=mse&lr=1").unwrap();
        let mut net = s.network();
        crate::formats::model::apply(&mut net, &crate::formats::model::parse_weights("[[[0.1,0.2],[0.3,0.4]],[[0.5,0.6]]]").unwrap(), None)
            .unwrap();
        let walk = net.walk(&[0.05, 0.1], &[0.1], 1.0);
        let layers = net.layers();
        let at = |focus| diagram_numbers(&walk, layers, focus);
        let find = |labels: &[Label], place| labels.iter().find(|l| l.place == place).map(|l| l.lines.join(" / "));
        // The input: the point, nothing else yet.
        let input = at(Focus::Input);
        assert_eq!(input.len(), 2);
        assert_eq!(find(&input, Place::Input(1)).unwrap(), "x 0.1");
        // Forward through layer 1: z and a of the hidden neurons, the output not yet.
        let first = at(Focus::Forward(0));
        assert_eq!(find(&first, Place::Neuron(0, 0)).unwrap(), "z 0.025 / a 0.5062");
        assert_eq!(find(&first, Place::Neuron(0, 1)).unwrap(), format!("z {} / a 0.5137", n(walk.layers[0].net[1])));
        assert_eq!(find(&first, Place::Neuron(1, 0)), None);
        // The loss: the output with its target.
        assert_eq!(find(&at(Focus::Loss), Place::Neuron(1, 0)).unwrap(), "z 0.5614 / a 0.6368 / t 0.1");
        // Backward: the δ of the neurons reached, from the output down.
        let out_delta = at(Focus::Delta(1));
        assert_eq!(out_delta.len(), 1);
        assert_eq!(find(&out_delta, Place::Neuron(1, 0)).unwrap(), "δ 0.1242");
        let hidden_delta = at(Focus::Delta(0));
        assert_eq!(find(&hidden_delta, Place::Neuron(0, 0)).unwrap(), "δ 0.01552");
        assert_eq!(hidden_delta.len(), 3);
        // A layer's gradients: on each of its weights, input × δ as the engine has it.
        let grads = at(Focus::Gradient(1));
        let w5 = find(&grads, Place::Link(1, 0, 0)).unwrap();
        assert_eq!(w5, n(walk.grads[layers[1].weight_index(0, 0)]));
        assert_eq!(w5, "0.06285");
        assert_eq!(grads.iter().filter(|l| matches!(l.place, Place::Link(..))).count(), 2);
        // The update: every weight's new value, w1 = 0.1 − 0.0007758.
        let update = at(Focus::Update);
        assert_eq!(update.len(), 6);
        assert_eq!(find(&update, Place::Link(0, 0, 0)).unwrap(), "0.09922");
        // No biases here, so nothing to say about one.
        assert_eq!(bias_number(&walk, layers, Focus::Update, 1, 0), None);
        // A walk of another network shows nothing rather than wrong numbers.
        let other = Settings::parse("layers=3&bias=off").unwrap().network();
        assert!(diagram_numbers(&walk, other.layers(), Focus::Forward(0)).is_empty());
    }

    #[test]
    fn a_bias_tells_its_gradient_and_its_new_value() {
        let s = Settings::parse("layers=2&activation=sigmoid&output=sigmoid&loss=mse&lr=1").unwrap();
        let net = s.network();
        let walk = net.walk(&[0.05, 0.1], &[0.1], 1.0);
        let layers = net.layers();
        let k = layers[1].biases.start;
        assert_eq!(bias_number(&walk, layers, Focus::Gradient(1), 1, 0), Some(format!("∂E/∂b = {}", n(walk.grads[k]))));
        assert_eq!(bias_number(&walk, layers, Focus::Gradient(0), 1, 0), None, "another layer's step");
        assert_eq!(bias_number(&walk, layers, Focus::Update, 1, 0), Some(format!("after the update {}", n(walk.after[k]))));
        assert_eq!(bias_number(&walk, layers, Focus::Update, 1, 5), None, "no such neuron");
    }
}

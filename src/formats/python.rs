//! A trained network as a Python program (NumPy, PyTorch or Keras) that rebuilds it with
//! its weights: the input features computed from x1 and x2 (after the imported data's
//! rescaling, if any), every layer, batch normalization with its running averages, and the
//! output. Run as `python3 model.py data.csv`, it prints what `neuroplay predict` prints.

use crate::config::Settings;
use crate::data::{DatasetKind, Feature, Problem};
use crate::engine::activation::{ELU_ALPHA, LEAKY_SLOPE};
use crate::engine::network::NORM_EPSILON;
use crate::engine::{Activation, Network, Output};
use std::fmt::Write;

/// GELU's √(2/π) and cubic coefficient, as the engine's GELU has them.
const GELU_C: f32 = 0.797_884_6;
const GELU_K: f32 = 0.044_715;

/// The Python libraries a network can be exported for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Plain NumPy: the forward pass written out.
    Numpy,
    /// A `torch.nn.Sequential`.
    Pytorch,
    /// A Keras model.
    Keras,
}

impl Format {
    /// Every format, as `--format` spells them.
    pub const ALL: [Format; 3] = [Format::Numpy, Format::Pytorch, Format::Keras];

    /// The name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Numpy => "numpy",
            Format::Pytorch => "pytorch",
            Format::Keras => "keras",
        }
    }

    /// Parses a `--format` value.
    pub fn from_name(s: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == s)
    }
}

/// A Python float literal of an f32 (its shortest decimal).
fn py(x: f32) -> String {
    let s = x.to_string();
    if s.contains(['.', 'e', 'i', 'N']) {
        s
    } else {
        format!("{s}.0")
    }
}

fn py_list(xs: &[f32]) -> String {
    format!("[{}]", xs.iter().map(|&x| py(x)).collect::<Vec<_>>().join(", "))
}

fn py_rows(rows: &[Vec<f32>]) -> String {
    format!("[{}]", rows.iter().map(|r| py_list(r)).collect::<Vec<_>>().join(", "))
}

/// The C library's float functions, which the engine calls for e^x, tanh and sin where it
/// has no approximation of its own (each rounds a few results unlike NumPy's).
const C_FUNCTIONS: &str = r#"

def c_functions():
    """The C library's expf, tanhf and sinf, which Neuroplay calls, so every bit agrees;
    where it cannot be loaded, NumPy's in double precision rounded to float32 (then a
    rare last digit may differ)."""
    try:
        import ctypes
        import ctypes.util

        lib = ctypes.CDLL(ctypes.util.find_library("m") or "libm.so.6")
        functions = []
        for name in ("expf", "tanhf", "sinf"):
            f = getattr(lib, name)
            f.restype, f.argtypes = ctypes.c_float, [ctypes.c_float]
            functions.append(np.vectorize(lambda v, f=f: f(float(v)), otypes=[F]))
        return functions
    except (OSError, AttributeError, TypeError):
        return [lambda x, f=f: f(np.asarray(x, dtype=np.float64)).astype(F) for f in (np.exp, np.tanh, np.sin)]


EXPF, TANHF, SINF = c_functions()
"#;

/// The NumPy expression of a feature from the columns `x1`, `x2`.
fn feature_expr(f: Feature) -> &'static str {
    match f {
        Feature::X1 => "x1",
        Feature::X2 => "x2",
        Feature::X1Sq => "x1 * x1",
        Feature::X2Sq => "x2 * x2",
        Feature::X1X2 => "x1 * x2",
        Feature::SinX1 => "SINF(x1)",
        Feature::SinX2 => "SINF(x2)",
    }
}

/// How the printed answer is taken from the outputs (see `predict_rows`).
fn answer_mode(settings: &Settings, net: &Network) -> &'static str {
    match (settings.problem(), net.config().output) {
        (Problem::Regression, _) => "regression",
        (Problem::Binary, Output::Softmax) => "positive",
        _ => "all",
    }
}

/// The part every format shares: settings, rescaling, features, reading the CSV and
/// printing the answers. `forward` is the format's own `def predict(features)`.
fn program(settings: &Settings, net: &Network, library: &str, imports: &str, forward: &str) -> String {
    let custom = settings.custom.as_deref().filter(|_| settings.dataset == DatasetKind::Custom);
    let mut p = String::new();
    let _ = writeln!(p, "\"\"\"A neural network trained in Neuroplay, rebuilt with {library}.");
    let _ = writeln!(p);
    let _ = writeln!(p, "Settings: {}", settings.to_string().replace('\\', "/"));
    let _ = writeln!(p);
    let _ = writeln!(p, "Run:  python3 model.py data.csv");
    let _ = writeln!(p, "data.csv holds one point per line as x1,x2 (a header and a label column are");
    let _ = writeln!(p, "allowed and ignored; commas or semicolons). One line is printed per point:");
    let _ = writeln!(
        p,
        "{}",
        match answer_mode(settings, net) {
            "regression" => "the prediction.",
            "positive" => "the probability of the positive class.",
            _ if net.config().outputs > 1 => "the probability of each class, separated by commas.",
            _ if net.config().output == Output::Sigmoid => "the probability of the positive class.",
            _ => "the output (it aims at 1 for the positive class, 0 for the other).",
        }
    );
    let _ = writeln!(p, "\"\"\"");
    let _ = writeln!(p, "import csv");
    let _ = writeln!(p, "import sys");
    let _ = writeln!(p);
    let _ = writeln!(p, "import numpy as np");
    p.push_str(imports);
    let _ = writeln!(p);
    let _ = writeln!(p, "F = np.float32  # every number is a 32-bit float, as in Neuroplay");
    p.push_str(C_FUNCTIONS);
    match custom {
        Some(c) => {
            let _ = writeln!(p, "# The data were rescaled onto the plot: x ↦ (x − mid) / half · reach.");
            let _ = writeln!(p, "X1_MID, X1_HALF = F({}), F({})", py(c.inputs[0].mid()), py(c.inputs[0].half()));
            let _ = writeln!(p, "X2_MID, X2_HALF = F({}), F({})", py(c.inputs[1].mid()), py(c.inputs[1].half()));
            let _ = writeln!(p, "REACH = F({})", py(crate::formats::csv::PLOT_REACH));
            match c.target {
                Some(t) => {
                    let _ = writeln!(p, "# Regression targets were rescaled onto [-1, 1] the same way.");
                    let _ = writeln!(p, "Y_MID, Y_HALF = F({}), F({})", py(t.mid()), py(t.half()));
                }
                None => {
                    let _ = writeln!(p, "CLASSES = {:?}  # the label of each class, in output order", c.class_names);
                }
            }
        }
        None => {
            let _ = writeln!(p, "X1_MID, X1_HALF, X2_MID, X2_HALF, REACH = F(0.0), F(1.0), F(0.0), F(1.0), F(1.0)  # no rescaling");
        }
    }
    let regression_scale = custom.and_then(|c| c.target).is_some();
    let _ = writeln!(p);
    let _ = writeln!(p);
    let _ = writeln!(p, "def features(points):");
    let _ = writeln!(p, "    \"\"\"The network's inputs, computed from the points' x1 and x2.\"\"\"");
    let _ = writeln!(p, "    points = points.astype(F)");
    let _ = writeln!(p, "    x1 = (points[:, 0] - X1_MID) / X1_HALF * REACH");
    let _ = writeln!(p, "    x2 = (points[:, 1] - X2_MID) / X2_HALF * REACH");
    let cols: Vec<&str> = settings.features.iter().map(|f| feature_expr(*f)).collect();
    let _ = writeln!(p, "    return np.stack([{}], axis=1).astype(F)", cols.join(", "));
    let _ = writeln!(p);
    let _ = writeln!(p);
    p.push_str(forward);
    let _ = writeln!(p);
    let _ = writeln!(p);
    let _ = writeln!(p, "def read_points(path):");
    let _ = writeln!(p, "    \"\"\"x1 and x2 of every line that starts with two numbers.\"\"\"");
    let _ = writeln!(p, "    with open(path, newline=\"\") as f:");
    let _ = writeln!(p, "        text = f.read().lstrip(\"\\ufeff\")");
    let _ = writeln!(p, "    lines = [line for line in text.splitlines() if line.strip()]");
    let _ = writeln!(p, "    delimiter = \";\" if lines and \";\" in lines[0] else \",\"");
    let _ = writeln!(p, "    points = []");
    let _ = writeln!(p, "    for row in csv.reader(lines, delimiter=delimiter):");
    let _ = writeln!(p, "        try:");
    let _ = writeln!(p, "            points.append((float(row[0]), float(row[1])))");
    let _ = writeln!(p, "        except (ValueError, IndexError):");
    let _ = writeln!(p, "            continue  # a header");
    let _ = writeln!(p, "    return np.array(points, dtype=np.float64).reshape(-1, 2)");
    let _ = writeln!(p);
    let _ = writeln!(p);
    let _ = writeln!(p, "def main():");
    let _ = writeln!(p, "    # Points far out overflow to inf as they do in Neuroplay: no warnings.");
    let _ = writeln!(p, "    with np.errstate(all=\"ignore\"):");
    let _ = writeln!(p, "        answer(predict(features(read_points(sys.argv[1]))))");
    let _ = writeln!(p);
    let _ = writeln!(p);
    let _ = writeln!(p, "def answer(out):");
    let _ = writeln!(p, "    \"\"\"Prints one line per point, as `neuroplay predict` does.\"\"\"");
    let _ = writeln!(p, "    out = np.asarray(out, dtype=F)");
    match answer_mode(settings, net) {
        "regression" if regression_scale => {
            let _ = writeln!(p, "    out = out[:, :1] * Y_HALF + Y_MID");
        }
        "regression" => {
            let _ = writeln!(p, "    out = out[:, :1]");
        }
        "positive" => {
            let _ = writeln!(p, "    out = out[:, 1:2]");
        }
        _ => {}
    }
    let _ = writeln!(p, "    for row in out:");
    let _ = writeln!(p, "        print(\",\".join(\"NaN\" if np.isnan(v) else f\"{{v:.6f}}\" for v in row))");
    let _ = writeln!(p);
    let _ = writeln!(p);
    let _ = writeln!(p, "if __name__ == \"__main__\":");
    let _ = writeln!(p, "    main()");
    p
}

/// The activation of layer `l` (the output's rule for the last).
fn layer_activation(net: &Network, l: usize) -> Activation {
    let last = net.layers().len() - 1;
    if l < last {
        return net.layers()[l].activation;
    }
    match net.config().output {
        Output::Sigmoid => Activation::Sigmoid,
        Output::Tanh => Activation::Tanh,
        Output::Identity | Output::Softmax => Activation::Linear,
    }
}

/// `NAME = [a, b, …]` of f32 constants, as float32.
fn py_consts(name: &str, xs: &[f32]) -> String {
    format!("{name} = [{}]\n", xs.iter().map(|&x| format!("F({})", py(x))).collect::<Vec<_>>().join(", "))
}

/// The forward pass in NumPy, with the engine's arithmetic: float32 throughout, its sums
/// in its order, its fast tanh and sigmoid (rational and polynomial approximations) where
/// it uses them and the standard functions, rounded to float32, where it does not. So the
/// program prints exactly what `predict` prints. Long because it writes one program:
/// each activation's float32 formula, in the engine's order, as text.
fn numpy_forward(net: &Network) -> String {
    use crate::engine::kernels::{EXP_C, LN2_HI, LN2_LO, LOG2E, SIGMOID_CLAMP, TANH_CLAMP, TANH_D, TANH_N};
    let mut p = String::new();
    let _ = writeln!(p, "# One entry per layer: weights (one row per neuron, one entry per input), biases,");
    let _ = writeln!(p, "# batch normalization (γ, β, running mean, running variance) and the activation.");
    let _ = writeln!(p, "LAYERS = [");
    for (l, _) in net.layers().iter().enumerate() {
        let norm = net
            .layer_norm(l)
            .map_or("None".to_string(), |[g, b, m, v]| format!("({}, {}, {}, {})", py_list(&g), py_list(&b), py_list(&m), py_list(&v)));
        let _ = writeln!(
            p,
            "    ({}, {}, {}, {:?}),",
            py_rows(&net.layer_weights(l)),
            py_list(&net.layer_biases(l)),
            norm,
            layer_activation(net, l).name()
        );
    }
    let _ = writeln!(p, "]");
    let _ = writeln!(p, "SOFTMAX = {}", if net.config().output == Output::Softmax { "True" } else { "False" });
    let _ = writeln!(p, "EPSILON = F({})", py(NORM_EPSILON));
    let _ = writeln!(p);
    let _ = writeln!(p, "# The engine's fast e^x (x ≤ 0), tanh and sigmoid, with its constants.");
    p.push_str(&py_consts("EXP_C", &EXP_C));
    let _ = writeln!(p, "LOG2E, LN2_HI, LN2_LO = F({}), F({}), F({})", py(LOG2E), py(LN2_HI), py(LN2_LO));
    p.push_str(&py_consts("TANH_N", &TANH_N));
    p.push_str(&py_consts("TANH_D", &TANH_D));
    let _ = writeln!(p, "TANH_CLAMP, SIGMOID_CLAMP = F({}), F({})", py(TANH_CLAMP), py(SIGMOID_CLAMP));
    let _ = writeln!(p, "LEAKY_SLOPE, ELU_ALPHA = F({}), F({})", py(LEAKY_SLOPE), py(ELU_ALPHA));
    let _ = writeln!(p, "GELU_C, GELU_K = F({}), F({})", py(GELU_C), py(GELU_K));
    p.push_str(
        r#"

def fast_exp(x):
    """The engine's e^x for x ≤ 0: range reduction, a degree-6 polynomial, 2^n from bits."""
    x = np.fmax(x, F(-87.0))
    n = np.rint(x * LOG2E)
    r = x - n * LN2_HI - n * LN2_LO
    p = EXP_C[6]
    for c in EXP_C[5::-1]:
        p = c + r * p
    return p * ((n.astype(np.int32) + 127) << 23).astype(np.int32).view(F)


def fast_tanh(x):
    """The engine's tanh: t·N(t²)/D(t²) on t = x clamped to ±TANH_CLAMP."""
    t = np.where(x > TANH_CLAMP, TANH_CLAMP, x)
    t = np.where(t < -TANH_CLAMP, -TANH_CLAMP, t)
    y = t * t
    n, d = TANH_N[3], TANH_D[3]
    for i in (2, 1, 0):
        n = n * y + TANH_N[i]
        d = d * y + TANH_D[i]
    return t * n / d


def fast_sigmoid(x):
    """The engine's σ, from one fast e^−|x|."""
    e = fast_exp(-np.minimum(np.abs(x), SIGMOID_CLAMP))
    pos = F(1.0) / (F(1.0) + e)
    return np.where(np.isnan(x), x, np.where(x >= 0, pos, e * pos))


def sigmoid(z):
    """σ as the standard activations compute it (SiLU's)."""
    up = F(1.0) / (F(1.0) + EXPF(-z))
    e = EXPF(z)
    return np.where(z >= 0, up, e / (F(1.0) + e))


def activate(name, z):
    if name == "sigmoid":
        return fast_sigmoid(z)
    if name == "tanh":
        return fast_tanh(z)
    if name == "relu":
        return np.where(z < 0, F(0.0), z)
    if name == "leaky":
        return np.where(z > 0, z, LEAKY_SLOPE * z)
    if name == "elu":
        return np.where(z > 0, z, ELU_ALPHA * (EXPF(z) - F(1.0)))
    if name == "silu":
        return z * sigmoid(z)
    if name == "gelu":
        return F(0.5) * z * (F(1.0) + TANHF(GELU_C * (z + GELU_K * z * z * z)))
    if name == "step":
        return np.where(z >= 0, F(1.0), F(0.0))
    return z  # linear


def dense(x, weights, biases):
    """x·Wᵀ + b, each sum in the engine's order: from the bias, input by input; for one
    neuron, four running sums over the inputs (then their remainder) added to the bias."""
    w = np.array(weights, dtype=F)
    b = np.array(biases, dtype=F)
    rows, k = x.shape
    if w.shape[0] == 1:
        acc = [np.zeros(rows, dtype=F) for _ in range(4)]
        whole = k // 4 * 4
        for i in range(whole):
            acc[i % 4] = acc[i % 4] + x[:, i] * w[0, i]
        s = (acc[0] + acc[1]) + (acc[2] + acc[3])
        for i in range(whole, k):
            s = s + x[:, i] * w[0, i]
        return ((b[0] if len(b) else F(0.0)) + s).reshape(rows, 1)
    z = np.tile(b, (rows, 1)) if len(b) else np.zeros((rows, w.shape[0]), dtype=F)
    for i in range(k):
        z = z + x[:, i : i + 1] * w[:, i]
    return z


def softmax(x):
    """Shifted by each row's maximum, summed left to right."""
    top = np.full(x.shape[0], -np.inf, dtype=F)
    for j in range(x.shape[1]):
        top = np.fmax(top, x[:, j])
    e = EXPF(x - top[:, None])
    total = np.zeros(x.shape[0], dtype=F)
    for j in range(x.shape[1]):
        total = total + e[:, j]
    return e / total[:, None]


def predict(x):
    """The network's outputs, one row per point."""
    for weights, biases, norm, activation in LAYERS:
        z = dense(x, weights, biases)
        if norm is not None:
            gamma, beta, mean, var = (np.array(v, dtype=F) for v in norm)
            inv = F(1.0) / np.sqrt(var + EPSILON)
            z = gamma * ((z - mean) * inv) + beta
        x = activate(activation, z)
    if SOFTMAX:
        x = softmax(x)
    return x
"#,
    );
    p
}

fn torch_activation(a: Activation) -> String {
    match a {
        Activation::Sigmoid => "nn.Sigmoid()".into(),
        Activation::Tanh => "nn.Tanh()".into(),
        Activation::Relu => "nn.ReLU()".into(),
        Activation::LeakyRelu => format!("nn.LeakyReLU({})", py(LEAKY_SLOPE)),
        Activation::Elu => format!("nn.ELU({})", py(ELU_ALPHA)),
        Activation::Silu => "nn.SiLU()".into(),
        Activation::Gelu => "nn.GELU(approximate=\"tanh\")".into(),
        Activation::Linear | Activation::Step => "nn.Identity()".into(),
    }
}

fn pytorch_forward(net: &Network) -> String {
    let mut p = String::new();
    let mut modules = Vec::new();
    let mut loads = Vec::new();
    for (l, layer) in net.layers().iter().enumerate() {
        let has_bias = !layer.biases.is_empty();
        loads.push(format!("    model[{}].weight.copy_(torch.tensor({}))", modules.len(), py_rows(&net.layer_weights(l))));
        if has_bias {
            loads.push(format!("    model[{}].bias.copy_(torch.tensor({}))", modules.len(), py_list(&net.layer_biases(l))));
        }
        modules.push(format!("nn.Linear({}, {}, bias={})", layer.inputs, layer.outputs, if has_bias { "True" } else { "False" }));
        if let Some([g, b, m, v]) = net.layer_norm(l) {
            let i = modules.len();
            loads.push(format!("    model[{i}].weight.copy_(torch.tensor({}))", py_list(&g)));
            loads.push(format!("    model[{i}].bias.copy_(torch.tensor({}))", py_list(&b)));
            loads.push(format!("    model[{i}].running_mean.copy_(torch.tensor({}))", py_list(&m)));
            loads.push(format!("    model[{i}].running_var.copy_(torch.tensor({}))", py_list(&v)));
            modules.push(format!("nn.BatchNorm1d({}, eps={})", layer.outputs, py(NORM_EPSILON)));
        }
        modules.push(torch_activation(layer_activation(net, l)));
    }
    if net.config().output == Output::Softmax {
        modules.push("nn.Softmax(dim=1)".into());
    }
    let _ = writeln!(p, "model = nn.Sequential(");
    for m in &modules {
        let _ = writeln!(p, "    {m},");
    }
    let _ = writeln!(p, ")");
    let _ = writeln!(p, "with torch.no_grad():");
    for l in &loads {
        let _ = writeln!(p, "{l}");
    }
    let _ = writeln!(p, "model.eval()  # batch normalization uses its running averages");
    let _ = writeln!(p);
    let _ = writeln!(p);
    let _ = writeln!(p, "def predict(x):");
    let _ = writeln!(p, "    \"\"\"The network's outputs, one row per point.\"\"\"");
    let _ = writeln!(p, "    with torch.no_grad():");
    let _ = writeln!(p, "        return model(torch.from_numpy(x)).numpy()");
    p
}

fn keras_activation(a: Activation) -> String {
    match a {
        Activation::Sigmoid => "keras.layers.Activation(\"sigmoid\")".into(),
        Activation::Tanh => "keras.layers.Activation(\"tanh\")".into(),
        Activation::Relu => "keras.layers.Activation(\"relu\")".into(),
        Activation::LeakyRelu => format!("keras.layers.LeakyReLU({})", py(LEAKY_SLOPE)),
        Activation::Elu => "keras.layers.Activation(\"elu\")".into(),
        Activation::Silu => "keras.layers.Activation(keras.activations.swish)".into(),
        Activation::Gelu => "keras.layers.Activation(lambda z: keras.activations.gelu(z, approximate=True))".into(),
        Activation::Linear | Activation::Step => "keras.layers.Activation(\"linear\")".into(),
    }
}

fn keras_forward(net: &Network) -> String {
    let mut p = String::new();
    let mut layers = Vec::new();
    let mut loads = Vec::new();
    for (l, layer) in net.layers().iter().enumerate() {
        let has_bias = !layer.biases.is_empty();
        // Keras keeps a kernel of inputs × neurons: the transpose of the rows per neuron.
        let rows = net.layer_weights(l);
        let kernel: Vec<Vec<f32>> = (0..layer.inputs).map(|i| rows.iter().map(|r| r[i]).collect()).collect();
        let mut parts = vec![format!("np.array({}, dtype=np.float32)", py_rows(&kernel))];
        if has_bias {
            parts.push(format!("np.array({}, dtype=np.float32)", py_list(&net.layer_biases(l))));
        }
        loads.push(format!("model.layers[{}].set_weights([{}])", layers.len(), parts.join(", ")));
        layers.push(format!("keras.layers.Dense({}, use_bias={})", layer.outputs, if has_bias { "True" } else { "False" }));
        if let Some([g, b, m, v]) = net.layer_norm(l) {
            let arrays: Vec<String> = [g, b, m, v].iter().map(|a| format!("np.array({}, dtype=np.float32)", py_list(a))).collect();
            loads.push(format!("model.layers[{}].set_weights([{}])", layers.len(), arrays.join(", ")));
            layers.push(format!("keras.layers.BatchNormalization(epsilon={})", py(NORM_EPSILON)));
        }
        layers.push(keras_activation(layer_activation(net, l)));
    }
    if net.config().output == Output::Softmax {
        layers.push("keras.layers.Softmax()".into());
    }
    let _ = writeln!(p, "model = keras.Sequential([");
    let _ = writeln!(p, "    keras.Input(shape=({},)),", net.config().inputs);
    for l in &layers {
        let _ = writeln!(p, "    {l},");
    }
    let _ = writeln!(p, "])");
    for l in &loads {
        let _ = writeln!(p, "{l}");
    }
    let _ = writeln!(p);
    let _ = writeln!(p);
    let _ = writeln!(p, "def predict(x):");
    let _ = writeln!(p, "    \"\"\"The network's outputs, one row per point.\"\"\"");
    let _ = writeln!(p, "    return np.asarray(model(x, training=False))");
    p
}

/// The Python program for a trained network.
pub fn python(settings: &Settings, net: &Network, format: Format) -> String {
    match format {
        Format::Numpy => program(settings, net, "NumPy", "", &numpy_forward(net)),
        Format::Pytorch => program(settings, net, "PyTorch", "import torch\nfrom torch import nn\n", &pytorch_forward(net)),
        Format::Keras => program(settings, net, "Keras", "import keras\n", &keras_forward(net)),
    }
}

/// What each format needs installed, for help texts.
pub fn requirement(format: Format) -> &'static str {
    match format {
        Format::Numpy => "numpy",
        Format::Pytorch => "torch and numpy",
        Format::Keras => "keras 3 (with a backend) and numpy",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn every_format_writes_the_layers_features_and_answer() {
        let s = Settings::parse("layers=3&activations=gelu&features=x1,x2,x1x2,sinx2&batchnorm=on").unwrap();
        let net = s.network();
        for f in Format::ALL {
            let code = python(&s, &net, f);
            assert!(code.contains("def predict(x):") && code.contains("def features(points):"), "{}", f.name());
            assert!(code.contains("x1 * x2") && code.contains("SINF(x2)"), "{}", f.name());
            assert!(code.contains("if __name__ == \"__main__\":"));
        }
        assert!(python(&s, &net, Format::Pytorch).contains("nn.BatchNorm1d(3, eps=0.00001)"));
        assert!(python(&s, &net, Format::Keras).contains("keras.layers.BatchNormalization(epsilon=0.00001)"));
        assert_eq!(py(1.0), "1.0");
        assert_eq!(py(-0.25), "-0.25");
    }
}

//! A stack of dense layers trained by backpropagation, one minibatch matrix at a time.

use super::activation::Activation;
use super::init::Init;
use super::kernels::{col_sums_acc, gemm_nt, gemm_post, gemm_tn_acc, Active, Post};
use super::layer::Dense;
use super::loss::{Loss, Output};
use super::matrix::Matrix;
use super::regularize::Regularization;
use super::rng::Rng;

/// The most hidden layers a network may have.
pub const MAX_HIDDEN_LAYERS: usize = 12;
/// The most neurons a layer may have.
pub const MAX_NEURONS: usize = 256;
/// The most inputs or outputs a network may have.
pub const MAX_IO: usize = 64;

/// Everything needed to build a [`Network`].
#[derive(Clone, Debug, PartialEq)]
pub struct NetworkConfig {
    /// Number of input features.
    pub inputs: usize,
    /// Neurons in each hidden layer (may be empty: a linear or logistic model).
    pub hidden: Vec<usize>,
    /// The activation of each hidden layer (same length as `hidden`).
    pub activations: Vec<Activation>,
    /// Number of outputs (1 for regression and binary, K for K classes with softmax).
    pub outputs: usize,
    /// How the last layer's scores become predictions.
    pub output: Output,
    /// The loss minimised.
    pub loss: Loss,
    /// Weight initialisation.
    pub init: Init,
    /// Probability of dropping each hidden neuron while training (inverted dropout).
    pub dropout: f32,
    /// Weight penalty.
    pub regularization: Regularization,
    /// Strength of the weight penalty.
    pub reg_rate: f32,
    /// Whether neurons have biases (textbook examples often have none). Without them
    /// the parameter vector holds weights only.
    pub bias: bool,
    /// Batch normalization of every hidden layer's weighted sums before its activation:
    /// by the minibatch's mean and variance while training, by running averages of them
    /// otherwise, then a learned scale γ and shift β (which replaces the bias).
    pub batchnorm: bool,
}

impl NetworkConfig {
    /// A network with the given layer sizes, every hidden layer using `activation`,
    /// plain (no dropout, no penalty, uniform init).
    pub fn new(inputs: usize, hidden: &[usize], activation: Activation, outputs: usize, output: Output, loss: Loss) -> Self {
        NetworkConfig {
            inputs,
            hidden: hidden.to_vec(),
            activations: vec![activation; hidden.len()],
            outputs,
            output,
            loss,
            init: Init::Uniform,
            dropout: 0.0,
            regularization: Regularization::None,
            reg_rate: 0.0,
            bias: true,
            batchnorm: false,
        }
    }

    /// Checks that the sizes and choices fit together; the message says what to change.
    pub fn validate(&self) -> Result<(), String> {
        if self.inputs == 0 {
            return Err("the network needs at least one input feature".into());
        }
        if self.inputs > MAX_IO || self.outputs > MAX_IO {
            return Err(format!("at most {MAX_IO} inputs and outputs are supported"));
        }
        if self.outputs == 0 {
            return Err("the network needs at least one output".into());
        }
        if self.hidden.len() > MAX_HIDDEN_LAYERS {
            return Err(format!("at most {MAX_HIDDEN_LAYERS} hidden layers are supported, got {}", self.hidden.len()));
        }
        if self.activations.len() != self.hidden.len() {
            return Err(format!("{} activations given for {} hidden layers", self.activations.len(), self.hidden.len()));
        }
        for (i, &n) in self.hidden.iter().enumerate() {
            if n == 0 || n > MAX_NEURONS {
                return Err(format!("hidden layer {} has {n} neurons; each layer needs 1 to {MAX_NEURONS}", i + 1));
            }
        }
        if let Some(i) = self.activations.iter().position(|a| *a == Activation::Step) {
            return Err(format!(
                "hidden layer {} uses the step function, whose gradient is zero: gradient descent cannot train it (use it with the perceptron)",
                i + 1
            ));
        }
        if let Some(required) = self.loss.required_output() {
            if required != self.output {
                return Err(format!("the {} loss needs a {:?} output", self.loss.name(), required));
            }
        }
        if self.output == Output::Sigmoid && self.outputs != 1 {
            return Err("a sigmoid output has exactly one neuron".into());
        }
        if self.output == Output::Softmax && self.outputs < 2 {
            return Err("a softmax output needs at least two classes".into());
        }
        if !(0.0..1.0).contains(&self.dropout) {
            return Err(format!("dropout must be at least 0 and below 1, got {}", self.dropout));
        }
        if !(self.reg_rate >= 0.0 && self.reg_rate.is_finite()) {
            return Err(format!("the regularisation rate must be 0 or more, got {}", self.reg_rate));
        }
        if let Regularization::Elastic(r) = self.regularization {
            if !(0.0..=1.0).contains(&r) {
                return Err(format!("the elastic-net L1 share must be within 0..1, got {r}"));
            }
        }
        Ok(())
    }

    /// Builds the network with freshly drawn weights. Panics if the configuration is not
    /// valid: call [`validate`](Self::validate) first on anything a user typed.
    pub fn init(&self, rng: &mut Rng) -> Network {
        if let Err(e) = self.validate() {
            panic!("invalid network configuration: {e}");
        }
        let mut sizes = vec![self.inputs];
        sizes.extend(&self.hidden);
        sizes.push(self.outputs);
        let mut layers = Vec::with_capacity(sizes.len() - 1);
        let mut offset = 0;
        let last = sizes.len() - 2;
        for (l, pair) in sizes.windows(2).enumerate() {
            let (inputs, outputs) = (pair[0], pair[1]);
            let normed = self.batchnorm && l < last;
            let weights = offset..offset + inputs * outputs;
            let biases = weights.end..weights.end + if self.bias && !normed { outputs } else { 0 };
            let norm = biases.end..biases.end + if normed { 2 * outputs } else { 0 };
            offset = norm.end;
            let activation = self.activations.get(l).copied().unwrap_or(Activation::Linear);
            layers.push(Dense { inputs, outputs, activation, weights, biases, norm });
        }
        let mut params = vec![0.0; offset];
        for layer in &layers {
            for w in &mut params[layer.weights.clone()] {
                *w = self.init.weight(layer.inputs, layer.outputs, rng);
            }
            params[layer.biases.clone()].fill(self.init.bias());
            // γ = 1, β = 0: the normalised sums pass unchanged at first.
            let m = layer.outputs;
            params[layer.norm.clone()].iter_mut().enumerate().for_each(|(i, p)| *p = if i < m { 1.0 } else { 0.0 });
        }
        let running = layers.iter().map(|l| if l.norm.is_empty() { Running::default() } else { Running::new(l.outputs) }).collect();
        let n = layers.len();
        Network {
            config: self.clone(),
            layers,
            grads: vec![0.0; params.len()],
            params,
            input: Matrix::default(),
            z: vec![Matrix::default(); n],
            y: vec![Matrix::default(); n],
            dropped: vec![Matrix::default(); n],
            masks: vec![Matrix::default(); n],
            delta: Matrix::default(),
            delta_prev: Matrix::default(),
            scratch: Vec::new(),
            dropout_active: false,
            inferred: vec![Matrix::default(); n],
            z_block: Vec::new(),
            kept_deltas: None,
            block_norm: Vec::new(),
            pre_norm: vec![Matrix::default(); n],
            normed: vec![Matrix::default(); n],
            inv_std: vec![Vec::new(); n],
            running,
            norm_training: false,
        }
    }
}

/// A feed-forward network: dense layers whose parameters live in one flat vector
/// (so an optimizer sees only `params` and `grads`), with buffers reused across batches.
#[derive(Clone, Debug)]
pub struct Network {
    config: NetworkConfig,
    layers: Vec<Dense>,
    params: Vec<f32>,
    grads: Vec<f32>,
    input: Matrix,
    /// Per layer: weighted sums z, activations y = f(z), y after dropout, dropout masks.
    z: Vec<Matrix>,
    y: Vec<Matrix>,
    dropped: Vec<Matrix>,
    masks: Vec<Matrix>,
    delta: Matrix,
    delta_prev: Matrix,
    /// Room for a transposed weight matrix in the backward pass.
    scratch: Vec<f32>,
    dropout_active: bool,
    /// Per layer: the activations of the last [`infer`](Network::infer).
    inferred: Vec<Matrix>,
    /// One block's weighted sums in `infer` (never needed after the block).
    z_block: Vec<f32>,
    /// Per layer: δ of the last backward pass, kept only when asked for (a walk-through).
    kept_deltas: Option<Vec<Matrix>>,
    /// Batch normalization, per layer: the sums before it (u = x·W), the normalised
    /// sums x̂, 1/√(σ² + ε) per neuron of the last forward pass, and the running averages.
    pre_norm: Vec<Matrix>,
    normed: Vec<Matrix>,
    inv_std: Vec<Vec<f32>>,
    running: Vec<Running>,
    /// The last forward pass normalised by its batch's statistics (training).
    norm_training: bool,
    /// One block's x̂ and s in `infer`.
    block_norm: Vec<f32>,
}

/// ε under batch normalization's square root.
pub const NORM_EPSILON: f32 = 1e-5;
/// How much of each training batch's statistics the running averages take in.
pub const NORM_MOMENTUM: f32 = 0.1;

/// Running averages of a normalised layer's batch means and variances, used outside
/// training (for the grid, the test set, a single example).
#[derive(Clone, Debug, Default, PartialEq)]
struct Running {
    mean: Vec<f32>,
    var: Vec<f32>,
}

impl Running {
    fn new(m: usize) -> Self {
        Running { mean: vec![0.0; m], var: vec![1.0; m] }
    }
}

/// Applies `act` to `s` into `y` with the same kernels as the fused paths.
fn activate(act: Activation, s: &[f32], y: &mut [f32]) {
    use super::kernels::Kernels;
    match act {
        Activation::Tanh => Active::tanh(s, y),
        Activation::Sigmoid => Active::sigmoid(s, y),
        Activation::Relu => Active::relu(s, y),
        _ => y.iter_mut().zip(s).for_each(|(yv, &sv)| *yv = act.apply(sv)),
    }
}

/// x̂ = (u − μ)·inv and s = γ·x̂ + β, column by column (`m` columns), with the given μ
/// and inv = 1/√(σ² + ε). Forward and inference share it, so they agree bit for bit.
fn normalize(m: usize, u: &[f32], mean: &[f32], inv: &[f32], norm: &[f32], xhat: &mut [f32], s: &mut [f32]) {
    let (gamma, beta) = norm.split_at(m);
    for ((ur, xr), sr) in u.chunks_exact(m).zip(xhat.chunks_exact_mut(m)).zip(s.chunks_exact_mut(m)) {
        for j in 0..m {
            xr[j] = (ur[j] - mean[j]) * inv[j];
            sr[j] = gamma[j] * xr[j] + beta[j];
        }
    }
}

fn inverse_std(var: &[f32]) -> Vec<f32> {
    var.iter().map(|v| 1.0 / (v + NORM_EPSILON).sqrt()).collect()
}

/// Batch normalization backward for one layer: from δ = ∂L/∂s (rows of `m`) to
/// ∂L/∂γ = Σ δ·x̂ and ∂L/∂β = Σ δ (added to `g_gamma`, `g_beta`), and δ becomes ∂L/∂u.
/// With the batch's statistics every row's x̂ depends on the whole batch:
/// ∂L/∂u = inv/n · (n·d − Σd − x̂·Σ(d·x̂)), d = γ·δ; with running averages, γ·inv·δ.
#[allow(clippy::too_many_arguments)]
fn norm_backward(
    m: usize,
    gamma: &[f32],
    xhat: &[f32],
    inv: &[f32],
    batch_stats: bool,
    delta: &mut [f32],
    g_gamma: &mut [f32],
    g_beta: &mut [f32],
) {
    let rows = delta.len() / m.max(1);
    let (mut sum_d, mut sum_dx) = (vec![0.0f32; m], vec![0.0f32; m]);
    for (dr, xr) in delta.chunks_exact(m).zip(xhat.chunks_exact(m)) {
        for j in 0..m {
            g_beta[j] += dr[j];
            g_gamma[j] += dr[j] * xr[j];
            sum_d[j] += gamma[j] * dr[j];
            sum_dx[j] += gamma[j] * dr[j] * xr[j];
        }
    }
    let n = rows.max(1) as f32;
    for (dr, xr) in delta.chunks_exact_mut(m).zip(xhat.chunks_exact(m)) {
        for j in 0..m {
            let d = gamma[j] * dr[j];
            dr[j] = if batch_stats { inv[j] / n * (n * d - sum_d[j] - xr[j] * sum_dx[j]) } else { inv[j] * d };
        }
    }
}

/// Where a normalised layer's forward pass writes: u = x·W, x̂, s = γ·x̂ + β, y = f(s).
struct NormBuffers<'a> {
    u: &'a mut [f32],
    xhat: &'a mut [f32],
    s: &'a mut [f32],
    y: &'a mut [f32],
}

/// Which statistics normalise: the batch's own (training, which also updates the running
/// averages) or the running averages.
enum Stats<'a> {
    Batch(&'a mut Running),
    Running(&'a Running),
}

/// A hidden layer with batch normalization, forward; returns 1/√(σ² + ε) per neuron.
fn norm_layer_forward(layer: &Dense, params: &[f32], rows: usize, prev: &[f32], out: NormBuffers<'_>, stats: Stats<'_>) -> Vec<f32> {
    let (k, m) = (layer.inputs, layer.outputs);
    gemm_post::<Active>(rows, k, m, prev, &params[layer.weights.clone()], None, out.u, Post::None);
    let (mean, inv) = match stats {
        Stats::Running(r) => (r.mean.clone(), inverse_std(&r.var)),
        Stats::Batch(r) => {
            let n = rows.max(1) as f32;
            let mut mean = vec![0.0f32; m];
            out.u.chunks_exact(m).for_each(|row| mean.iter_mut().zip(row).for_each(|(a, v)| *a += v));
            mean.iter_mut().for_each(|a| *a /= n);
            let mut var = vec![0.0f32; m];
            out.u.chunks_exact(m).for_each(|row| var.iter_mut().zip(row).zip(&mean).for_each(|((a, v), mu)| *a += (v - mu) * (v - mu)));
            var.iter_mut().for_each(|a| *a /= n);
            // A batch of one says nothing about the spread; the averages learn from larger ones.
            if rows > 1 {
                let unbiased = n / (n - 1.0);
                for j in 0..m {
                    r.mean[j] += NORM_MOMENTUM * (mean[j] - r.mean[j]);
                    r.var[j] += NORM_MOMENTUM * (var[j] * unbiased - r.var[j]);
                }
            }
            (mean, inverse_std(&var))
        }
    };
    normalize(m, out.u, &mean, &inv, &params[layer.norm.clone()], out.xhat, out.s);
    activate(layer.activation, out.s, out.y);
    inv
}

impl Network {
    /// The configuration the network was built from.
    pub fn config(&self) -> &NetworkConfig {
        &self.config
    }

    /// The layers, input side first; the last one is the output layer.
    pub fn layers(&self) -> &[Dense] {
        &self.layers
    }

    /// All weights and biases, layer after layer.
    pub fn params(&self) -> &[f32] {
        &self.params
    }

    /// All weights and biases, mutable (the optimizer's side of the link).
    pub fn params_mut(&mut self) -> &mut [f32] {
        &mut self.params
    }

    /// The gradient of the last [`backward`](Self::backward), same layout as `params`.
    pub fn grads(&self) -> &[f32] {
        &self.grads
    }

    /// Parameters and gradients at once, for an optimizer step.
    pub fn params_and_grads(&mut self) -> (&mut [f32], &[f32]) {
        (&mut self.params, &self.grads)
    }

    /// Replaces all parameters (e.g. restoring the best epoch's weights).
    pub fn set_params(&mut self, params: &[f32]) {
        assert_eq!(params.len(), self.params.len(), "set_params: wrong number of parameters");
        self.params.copy_from_slice(params);
    }

    /// The activations of layer `l` (neurons in columns) from the last forward pass;
    /// for the output layer, the predictions.
    pub fn activations(&self, l: usize) -> &Matrix {
        &self.y[l]
    }

    /// The weighted sums of layer `l` from the last forward pass.
    pub fn weighted_sums(&self, l: usize) -> &Matrix {
        &self.z[l]
    }

    /// Keeps (or stops keeping) every layer's δ = ∂L/∂z in the backward pass, for
    /// [`deltas`](Self::deltas). Off by default: training does not need them.
    pub fn keep_deltas(&mut self, keep: bool) {
        self.kept_deltas = keep.then(|| vec![Matrix::default(); self.layers.len()]);
    }

    /// δ = ∂L/∂z of layer `l` (neurons in columns) from the last backward pass, with
    /// [`keep_deltas`](Self::keep_deltas) on; an empty matrix otherwise.
    pub fn deltas(&self, l: usize) -> &Matrix {
        static EMPTY: Matrix = Matrix::empty();
        self.kept_deltas.as_ref().map_or(&EMPTY, |d| &d[l])
    }

    /// Layer `l`'s weights as the lectures write them: one row per neuron, one entry per
    /// input of the layer.
    pub fn layer_weights(&self, l: usize) -> Vec<Vec<f32>> {
        self.neuron_rows(l, &self.params)
    }

    /// Layer `l`'s biases, one per neuron (empty without biases).
    pub fn layer_biases(&self, l: usize) -> Vec<f32> {
        self.params[self.layers[l].biases.clone()].to_vec()
    }

    /// Layer `l`'s part of any vector laid out like the parameters (the gradient, say),
    /// as [`layer_weights`](Self::layer_weights) writes it: one row per neuron.
    pub fn neuron_rows(&self, l: usize, flat: &[f32]) -> Vec<Vec<f32>> {
        assert_eq!(flat.len(), self.params.len(), "neuron_rows: not laid out like the parameters");
        let layer = &self.layers[l];
        (0..layer.outputs).map(|j| (0..layer.inputs).map(|i| flat[layer.weight_index(i, j)]).collect()).collect()
    }

    /// Sets layer `l`'s weights from rows as [`layer_weights`](Self::layer_weights)
    /// writes them; a wrong shape or a value that is not finite is refused and nothing
    /// changes.
    pub fn set_layer_weights(&mut self, l: usize, rows: &[Vec<f32>]) -> Result<(), String> {
        let layer =
            self.layers.get(l).ok_or_else(|| format!("the network has {} layers of weights, not {}", self.layers.len(), l + 1))?.clone();
        if rows.len() != layer.outputs {
            return Err(format!(
                "layer {} has {} neurons, so it needs {} rows of weights, not {}",
                l + 1,
                layer.outputs,
                layer.outputs,
                rows.len()
            ));
        }
        for (j, row) in rows.iter().enumerate() {
            if row.len() != layer.inputs {
                return Err(format!(
                    "neuron {} of layer {} has {} inputs, so its row needs {} weights, not {}",
                    j + 1,
                    l + 1,
                    layer.inputs,
                    layer.inputs,
                    row.len()
                ));
            }
            if let Some(v) = row.iter().find(|v| !v.is_finite()) {
                return Err(format!("neuron {} of layer {}: {v} is not a finite number", j + 1, l + 1));
            }
        }
        for (j, row) in rows.iter().enumerate() {
            for (i, &v) in row.iter().enumerate() {
                let k = layer.weight_index(i, j);
                self.params[k] = v;
            }
        }
        Ok(())
    }

    /// Batch normalization of layer `l`: its scales γ, shifts β, and the running means
    /// and variances inference uses; `None` for a layer without it.
    pub fn layer_norm(&self, l: usize) -> Option<[Vec<f32>; 4]> {
        let layer = &self.layers[l];
        if layer.norm.is_empty() {
            return None;
        }
        let (gamma, beta) = self.params[layer.norm.clone()].split_at(layer.outputs);
        let r = &self.running[l];
        Some([gamma.to_vec(), beta.to_vec(), r.mean.clone(), r.var.clone()])
    }

    /// Sets layer `l`'s batch normalization (γ, β, running mean, running variance, one
    /// each per neuron); refused, with nothing changed, if the layer has none or a count
    /// or value is wrong (a variance must not be negative).
    pub fn set_layer_norm(&mut self, l: usize, [gamma, beta, mean, var]: &[Vec<f32>; 4]) -> Result<(), String> {
        let layer = self.layers.get(l).ok_or_else(|| format!("the network has {} layers, not {}", self.layers.len(), l + 1))?.clone();
        if layer.norm.is_empty() {
            return Err(format!("layer {} has no batch normalization (batchnorm=off, or the output layer)", l + 1));
        }
        for (name, v) in [("γ", gamma), ("β", beta), ("mean", mean), ("variance", var)] {
            if v.len() != layer.outputs {
                return Err(format!("layer {} has {} neurons, so it needs one {name} per neuron, not {}", l + 1, layer.outputs, v.len()));
            }
            if let Some(x) = v.iter().find(|x| !x.is_finite()) {
                return Err(format!("layer {}: {name} {x} is not a finite number", l + 1));
            }
        }
        if let Some(x) = var.iter().find(|x| **x < 0.0) {
            return Err(format!("layer {}: a variance cannot be negative ({x})", l + 1));
        }
        let m = layer.outputs;
        self.params[layer.norm.start..layer.norm.start + m].copy_from_slice(gamma);
        self.params[layer.norm.start + m..layer.norm.end].copy_from_slice(beta);
        self.running[l] = Running { mean: mean.clone(), var: var.clone() };
        Ok(())
    }

    /// Sets layer `l`'s biases, one per neuron; refused (nothing changes) if the network
    /// has no biases or the count or a value is wrong.
    pub fn set_layer_biases(&mut self, l: usize, biases: &[f32]) -> Result<(), String> {
        let layer =
            self.layers.get(l).ok_or_else(|| format!("the network has {} layers of biases, not {}", self.layers.len(), l + 1))?.clone();
        if layer.biases.is_empty() {
            // A layer without biases (bias=off, or batch normalization's β instead) takes none.
            return if biases.is_empty() {
                Ok(())
            } else {
                Err(format!("layer {} has no biases (bias=off, or batch normalization's β takes their place)", l + 1))
            };
        }
        if biases.len() != layer.outputs {
            return Err(format!("layer {} has {} neurons, so it needs one bias per neuron, not {}", l + 1, layer.outputs, biases.len()));
        }
        if let Some(v) = biases.iter().find(|v| !v.is_finite()) {
            return Err(format!("layer {}: {v} is not a finite number", l + 1));
        }
        self.params[layer.biases].copy_from_slice(biases);
        Ok(())
    }

    /// The penalty term of the loss for the current weights.
    pub fn penalty(&self) -> f32 {
        let c = &self.config;
        self.layers.iter().map(|l| c.regularization.penalty(c.reg_rate, &self.params[l.weights.clone()])).sum()
    }

    /// Runs a batch (one example per row) through the network and returns the
    /// predictions. With `dropout` given (training), hidden neurons are dropped with
    /// the configured probability and the survivors scaled by 1/(1−p).
    #[inline(never)]
    pub fn forward(&mut self, x: &Matrix, dropout: Option<&mut Rng>) -> &Matrix {
        assert_eq!(x.cols(), self.config.inputs, "forward: {} input columns for a network with {} inputs", x.cols(), self.config.inputs);
        let n = x.rows();
        self.input.reshape(n, x.cols());
        self.input.as_mut_slice().copy_from_slice(x.as_slice());
        let p = self.config.dropout;
        // Training (a random stream given) normalises by the batch's own statistics.
        self.norm_training = dropout.is_some();
        let mut rng = dropout.filter(|_| p > 0.0);
        self.dropout_active = rng.is_some();
        let last = self.layers.len() - 1;
        for l in 0..self.layers.len() {
            let m = self.layers[l].outputs;
            let z = &mut self.z[l];
            z.reshape(n, m);
            let (earlier, rest) = self.y.split_at_mut(l);
            let prev: &Matrix = if l == 0 {
                &self.input
            } else if self.dropout_active {
                &self.dropped[l - 1]
            } else {
                &earlier[l - 1]
            };
            let y = &mut rest[0];
            y.reshape(n, m);
            let layer = &self.layers[l];
            if layer.norm.is_empty() {
                layer_forward(&self.config, layer, &self.params, l == last, n, prev.as_slice(), z.as_mut_slice(), y.as_mut_slice());
            } else {
                let (u, xhat) = (&mut self.pre_norm[l], &mut self.normed[l]);
                u.reshape(n, m);
                xhat.reshape(n, m);
                let bufs = NormBuffers { u: u.as_mut_slice(), xhat: xhat.as_mut_slice(), s: z.as_mut_slice(), y: y.as_mut_slice() };
                let stats = if self.norm_training { Stats::Batch(&mut self.running[l]) } else { Stats::Running(&self.running[l]) };
                self.inv_std[l] = norm_layer_forward(layer, &self.params, n, prev.as_slice(), bufs, stats);
            }
            if l < last {
                if let Some(rng) = rng.as_deref_mut() {
                    let keep = 1.0 - p;
                    let mask = &mut self.masks[l];
                    mask.reshape(n, m);
                    mask.as_mut_slice().iter_mut().for_each(|v| *v = if rng.chance(keep) { 1.0 / keep } else { 0.0 });
                    let d = &mut self.dropped[l];
                    d.reshape(n, m);
                    for ((dv, yv), mv) in d.as_mut_slice().iter_mut().zip(y.as_slice()).zip(mask.as_slice()) {
                        *dv = yv * mv;
                    }
                }
            }
        }
        &self.y[last]
    }

    /// Predictions for many rows at once, such as the grid under a decision boundary:
    /// no dropout, and the rows go through all layers in blocks of [`INFER_BLOCK`], so
    /// each block's intermediate results stay in the cache and no weighted sums are kept.
    /// Every layer's activations are kept (see [`inferred`](Self::inferred)); the state
    /// of [`forward`](Self::forward) and [`backward`](Self::backward) is left untouched.
    pub fn infer(&mut self, x: &Matrix) -> &Matrix {
        assert_eq!(x.cols(), self.config.inputs, "infer: {} input columns for a network with {} inputs", x.cols(), self.config.inputs);
        let n = x.rows();
        let last = self.layers.len() - 1;
        let widest = self.layers.iter().map(|l| l.outputs).max().unwrap_or(1);
        self.z_block.resize(INFER_BLOCK * widest, 0.0);
        for (y, layer) in self.inferred.iter_mut().zip(&self.layers) {
            y.reshape(n, layer.outputs);
        }
        for start in (0..n).step_by(INFER_BLOCK) {
            let rows = INFER_BLOCK.min(n - start);
            for (l, layer) in self.layers.iter().enumerate() {
                let (k, m) = (layer.inputs, layer.outputs);
                let (earlier, rest) = self.inferred.split_at_mut(l);
                let prev = if l == 0 { x.as_slice() } else { earlier[l - 1].as_slice() };
                let prev = &prev[start * k..(start + rows) * k];
                let y = &mut rest[0].as_mut_slice()[start * m..(start + rows) * m];
                if layer.norm.is_empty() {
                    layer_forward(&self.config, layer, &self.params, l == last, rows, prev, &mut self.z_block[..rows * m], y);
                } else {
                    self.block_norm.resize(2 * INFER_BLOCK * widest, 0.0);
                    let (xhat, s) = self.block_norm.split_at_mut(INFER_BLOCK * widest);
                    let bufs = NormBuffers { u: &mut self.z_block[..rows * m], xhat: &mut xhat[..rows * m], s: &mut s[..rows * m], y };
                    norm_layer_forward(layer, &self.params, rows, prev, bufs, Stats::Running(&self.running[l]));
                }
            }
        }
        &self.inferred[last]
    }

    /// The activations of layer `l` from the last [`infer`](Self::infer) (neurons in
    /// columns); for the output layer, the predictions.
    pub fn inferred(&self, l: usize) -> &Matrix {
        &self.inferred[l]
    }

    /// The mean data loss of the last forward pass against `targets` (no penalty).
    pub fn loss(&self, targets: &Matrix) -> f32 {
        let last = self.layers.len() - 1;
        self.config.loss.evaluate(self.config.output, &self.z[last], &self.y[last], targets, None)
    }

    /// Backpropagation through the last forward pass: fills [`grads`](Self::grads)
    /// with ∂(mean loss + penalty)/∂params and returns the mean data loss.
    pub fn backward(&mut self, targets: &Matrix) -> f32 {
        self.backpropagate(targets);
        self.loss(targets)
    }

    /// [`backward`](Self::backward) without computing the loss's value (training steps
    /// need only the gradient).
    #[inline(never)]
    pub fn backpropagate(&mut self, targets: &Matrix) {
        let last = self.layers.len() - 1;
        let n = self.input.rows();
        self.config.loss.gradient(self.config.output, &self.y[last], targets, &mut self.delta);
        self.grads.fill(0.0);
        for l in (0..=last).rev() {
            if let Some(kept) = &mut self.kept_deltas {
                kept[l].clone_from(&self.delta);
            }
            let layer = &self.layers[l];
            let (k, m) = (layer.inputs, layer.outputs);
            if !layer.norm.is_empty() {
                // δ so far is ∂L/∂s; through s = γ·x̂ + β and the normalisation to ∂L/∂u.
                let gamma = &self.params[layer.norm.start..layer.norm.start + m];
                let (g_gamma, g_beta) = self.grads[layer.norm.clone()].split_at_mut(m);
                norm_backward(
                    m,
                    gamma,
                    self.normed[l].as_slice(),
                    &self.inv_std[l],
                    self.norm_training,
                    self.delta.as_mut_slice(),
                    g_gamma,
                    g_beta,
                );
            }
            let prev: &Matrix = if l == 0 {
                &self.input
            } else if self.dropout_active {
                &self.dropped[l - 1]
            } else {
                &self.y[l - 1]
            };
            // ∂L/∂W = prevᵀ · δ, ∂L/∂b = Σ_rows δ.
            gemm_tn_acc::<Active>(n, k, m, prev.as_slice(), self.delta.as_slice(), &mut self.grads[layer.weights.clone()]);
            if !layer.biases.is_empty() {
                col_sums_acc::<Active>(n, m, self.delta.as_slice(), &mut self.grads[layer.biases.clone()]);
            }
            if l > 0 {
                // δ_prev = (δ · Wᵀ) ⊙ f′(z_prev) ⊙ mask; tanh′ and σ′ (read from the layer's
                // outputs) are fused into the product's store.
                self.delta_prev.reshape(n, k);
                let act = self.layers[l - 1].activation;
                let (zs, ys) = (self.z[l - 1].as_slice(), self.y[l - 1].as_slice());
                let post = match act {
                    Activation::Tanh => Post::TanhSlope(ys),
                    Activation::Sigmoid => Post::SigmoidSlope(ys),
                    _ => Post::None,
                };
                let w = &self.params[layer.weights.clone()];
                gemm_nt::<Active>(n, k, m, self.delta.as_slice(), w, self.delta_prev.as_mut_slice(), &mut self.scratch, post);
                let dp = self.delta_prev.as_mut_slice();
                // One loop per activation, so each vectorises (the match is outside the loop).
                match act {
                    Activation::Tanh | Activation::Sigmoid => {}
                    Activation::Relu => dp.iter_mut().zip(zs).for_each(|(d, &z)| *d = if z > 0.0 { *d } else { 0.0 }),
                    _ => dp.iter_mut().zip(zs).zip(ys).for_each(|((d, &z), &y)| *d *= act.derivative(z, y)),
                }
                if self.dropout_active {
                    dp.iter_mut().zip(self.masks[l - 1].as_slice()).for_each(|(d, mv)| *d *= mv);
                }
                std::mem::swap(&mut self.delta, &mut self.delta_prev);
            }
        }
        let c = &self.config;
        for layer in &self.layers {
            let r = layer.weights.clone();
            c.regularization.add_gradient(c.reg_rate, &self.params[r.clone()], &mut self.grads[r]);
        }
    }

    /// Predictions for a batch without dropout, as a fresh matrix.
    pub fn predict(&mut self, x: &Matrix) -> Matrix {
        self.forward(x, None).clone()
    }
}

/// Rows per block in [`Network::infer`]: 64 rows of a 64-neuron layer are 16 KB, so a
/// block's input, sums and activations fit a 48 KB L1 data cache together; wider layers
/// spill to L2.
pub const INFER_BLOCK: usize = 64;

/// One layer's forward product for `rows` rows: `z = prev·W + b` and `y = f(z)`, with
/// the output rule on the last layer. The common activations are fused into the
/// product's store; the rest follow it.
#[allow(clippy::too_many_arguments)]
fn layer_forward(
    config: &NetworkConfig,
    layer: &Dense,
    params: &[f32],
    last: bool,
    rows: usize,
    prev: &[f32],
    z: &mut [f32],
    y: &mut [f32],
) {
    let (k, m) = (layer.inputs, layer.outputs);
    let w = &params[layer.weights.clone()];
    let b = Some(&params[layer.biases.clone()]).filter(|b| !b.is_empty());
    let act = match (last, config.output) {
        (false, _) => layer.activation,
        (true, Output::Sigmoid) => Activation::Sigmoid,
        (true, Output::Tanh) => Activation::Tanh,
        (true, _) => Activation::Linear,
    };
    let post = match act {
        Activation::Tanh => Post::Tanh(y),
        Activation::Sigmoid => Post::Sigmoid(y),
        Activation::Relu => Post::Relu(y),
        _ => {
            gemm_post::<Active>(rows, k, m, prev, w, b, z, Post::None);
            y.iter_mut().zip(&*z).for_each(|(yv, &zv)| *yv = act.apply(zv));
            if last && config.output == Output::Softmax {
                y.chunks_exact_mut(m).for_each(|row| config.output.apply_row(row));
            }
            return;
        }
    };
    gemm_post::<Active>(rows, k, m, prev, w, b, z, post);
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn batch(rng: &mut Rng, n: usize, cols: usize) -> Matrix {
        Matrix::from_vec(n, cols, (0..n * cols).map(|_| rng.uniform(-1.5, 1.5)).collect())
    }

    fn targets_for(output: Output, outputs: usize, n: usize, rng: &mut Rng) -> Matrix {
        let mut t = Matrix::zeros(n, outputs);
        for i in 0..n {
            match output {
                Output::Identity => (0..outputs).for_each(|j| t.set(i, j, rng.uniform(-1.0, 1.0))),
                Output::Sigmoid | Output::Tanh => t.set(i, 0, rng.below(2) as f32),
                Output::Softmax => t.set(i, rng.below(outputs), 1.0),
            }
        }
        t
    }

    /// Whole-network gradient against centred finite differences of loss + penalty,
    /// for every parameter.
    fn check(config: NetworkConfig, seed: u64) {
        let mut rng = Rng::new(seed);
        let mut net = config.init(&mut rng);
        if matches!(config.regularization, Regularization::L1 | Regularization::Elastic(_)) {
            // |w| has a kink at 0: keep weights clear of it so finite differences are fair.
            let mut p = net.params().to_vec();
            for layer in net.layers() {
                for w in &mut p[layer.weights.clone()] {
                    if w.abs() < 0.05 {
                        *w = 0.05f32.copysign(*w);
                    }
                }
            }
            net.set_params(&p);
        }
        let x = batch(&mut rng, 7, config.inputs);
        let t = targets_for(config.output, config.outputs, 7, &mut rng);
        // Training mode (a random stream, no dropout here): batch normalization uses the
        // batch's own statistics, as in a training step.
        let mut stream = Rng::new(0);
        net.forward(&x, Some(&mut stream));
        net.backward(&t);
        let analytic = net.grads().to_vec();
        let base = net.params().to_vec();
        let objective = |net: &mut Network, params: &[f32]| -> f64 {
            net.set_params(params);
            net.forward(&x, Some(&mut Rng::new(0)));
            net.loss(&t) as f64 + net.penalty() as f64
        };
        let h = 1e-2f32;
        let mut worst = 0.0f64;
        for i in 0..base.len() {
            let mut p = base.clone();
            p[i] = base[i] + h;
            let up = objective(&mut net, &p);
            p[i] = base[i] - h;
            let down = objective(&mut net, &p);
            let num = (up - down) / (2.0 * h as f64);
            let err = (analytic[i] as f64 - num).abs() / (1.0 + num.abs());
            worst = worst.max(err);
            assert!(err < 5e-3, "{config:?}\nparam {i}: analytic {} vs numeric {num}", analytic[i]);
        }
        assert!(worst.is_finite());
    }

    /// A network to test: hidden sizes, their activations, outputs, output rule, loss.
    type Case = (Vec<usize>, Vec<Activation>, usize, Output, Loss);

    #[test]
    fn gradients_match_finite_differences_across_depths_activations_and_losses() {
        use Activation::*;
        let cases: Vec<Case> = vec![
            (vec![], vec![], 1, Output::Sigmoid, Loss::BinaryCrossEntropy),
            (vec![4], vec![Tanh], 1, Output::Sigmoid, Loss::BinaryCrossEntropy),
            (vec![5, 3], vec![Sigmoid, Elu], 1, Output::Identity, Loss::Mse),
            (vec![6, 4, 3], vec![Silu, Gelu, Tanh], 3, Output::Softmax, Loss::SoftmaxCrossEntropy),
            (vec![3, 3], vec![LeakyRelu, Linear], 4, Output::Softmax, Loss::Mse),
            (vec![5], vec![Relu], 1, Output::Sigmoid, Loss::Mse),
            (vec![4, 4, 4, 4, 4, 4, 4, 4], vec![Tanh; 8], 1, Output::Sigmoid, Loss::BinaryCrossEntropy),
            (vec![3, 2], vec![Sigmoid, Tanh], 1, Output::Tanh, Loss::Mse),
        ];
        for (seed, (hidden, acts, outputs, output, loss)) in cases.into_iter().enumerate() {
            for bias in [true, false] {
                let mut c = NetworkConfig::new(3, &hidden, Tanh, outputs, output, loss);
                c.activations = acts.clone();
                c.init = Init::Normal(0.6);
                c.bias = bias;
                check(c, seed as u64 + 1);
            }
        }
    }

    #[test]
    fn batch_normalization_gradients_match_finite_differences() {
        use Activation::*;
        let cases: Vec<Case> = vec![
            (vec![4], vec![Tanh], 1, Output::Sigmoid, Loss::BinaryCrossEntropy),
            (vec![5, 3], vec![Relu, Sigmoid], 3, Output::Softmax, Loss::SoftmaxCrossEntropy),
            (vec![3, 3, 3], vec![Elu, Tanh, Silu], 1, Output::Identity, Loss::Mse),
        ];
        for (seed, (hidden, acts, outputs, output, loss)) in cases.into_iter().enumerate() {
            for bias in [true, false] {
                let mut c = NetworkConfig::new(3, &hidden, Tanh, outputs, output, loss);
                c.activations = acts.clone();
                c.init = Init::Normal(0.6);
                c.batchnorm = true;
                c.bias = bias;
                c.regularization = Regularization::L2;
                c.reg_rate = 0.01;
                check(c, seed as u64 + 11);
            }
        }
    }

    #[test]
    fn batch_normalization_normalises_in_training_and_uses_running_averages_after() {
        let mut c = NetworkConfig::new(2, &[3], Activation::Linear, 1, Output::Identity, Loss::Mse);
        c.batchnorm = true;
        let mut net = c.init(&mut Rng::new(2));
        assert_eq!(net.layers()[0].norm.len(), 6, "γ and β for 3 neurons");
        assert!(net.layers()[0].biases.is_empty(), "β replaces the hidden bias");
        assert_eq!(net.layers()[1].biases.len(), 1, "the output keeps its bias");
        let mut rng = Rng::new(5);
        let x = batch(&mut rng, 50, 2);
        // Training: with γ = 1, β = 0 and a linear activation, each neuron's outputs over
        // the batch have mean 0 and variance 1 (ε aside).
        net.forward(&x, Some(&mut Rng::new(0)));
        let y = net.activations(0);
        for j in 0..3 {
            let col: Vec<f32> = (0..50).map(|i| y.get(i, j)).collect();
            let mean = col.iter().sum::<f32>() / 50.0;
            let var = col.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / 50.0;
            assert!(mean.abs() < 1e-5 && (var - 1.0).abs() < 1e-3, "neuron {j}: mean {mean}, var {var}");
        }
        // Many training passes over the same batch: the running averages converge to its
        // statistics, so inference gives (nearly) what training gave.
        for _ in 0..200 {
            net.forward(&x, Some(&mut Rng::new(0)));
        }
        let trained = net.activations(0).clone();
        net.forward(&x, None);
        for (a, b) in net.activations(0).as_slice().iter().zip(trained.as_slice()) {
            assert!((a - b).abs() < 0.05, "inference {a} vs training {b}");
        }
    }

    #[test]
    fn without_biases_the_parameters_are_the_weights_alone() {
        let mut c = NetworkConfig::new(2, &[2], Activation::Sigmoid, 1, Output::Sigmoid, Loss::Mse);
        c.bias = false;
        let net = c.init(&mut Rng::new(1));
        assert_eq!(net.params().len(), 2 * 2 + 2);
        assert!(net.layers().iter().all(|l| l.biases.is_empty()));
        c.bias = true;
        assert_eq!(c.init(&mut Rng::new(1)).params().len(), 2 * 2 + 2 + 2 + 1);
    }

    #[test]
    fn blocked_inference_gives_the_forward_pass_bit_for_bit() {
        use Activation::*;
        let cases: Vec<Case> = vec![
            (vec![], vec![], 1, Output::Sigmoid, Loss::BinaryCrossEntropy),
            (vec![8, 8], vec![Tanh, Tanh], 1, Output::Sigmoid, Loss::BinaryCrossEntropy),
            (vec![13, 7], vec![Relu, Elu], 1, Output::Identity, Loss::Mse),
            (vec![20, 9, 5], vec![Sigmoid, Gelu, Silu], 3, Output::Softmax, Loss::SoftmaxCrossEntropy),
            (vec![6], vec![Tanh], 1, Output::Tanh, Loss::Mse),
            (vec![7, 70], vec![Relu, Tanh], 2, Output::Softmax, Loss::SoftmaxCrossEntropy),
        ];
        let mut rng = Rng::new(9);
        for (case, (hidden, acts, outputs, output, loss)) in cases.into_iter().enumerate() {
            let mut c = NetworkConfig::new(3, &hidden, Tanh, outputs, output, loss);
            c.activations = acts;
            c.batchnorm = case == 5;
            c.dropout = 0.2; // inference never drops
            let mut net = c.init(&mut rng);
            if c.batchnorm {
                // Running averages away from their start (0 and 1).
                let x = batch(&mut rng, 30, 3);
                (0..5).for_each(|_| _ = net.forward(&x, Some(&mut Rng::new(1))));
            }
            // Fewer rows than a block, exactly one, and a ragged last block.
            for n in [1, INFER_BLOCK, 3 * INFER_BLOCK + 5] {
                let x = batch(&mut rng, n, 3);
                net.forward(&x, None);
                let before = net.activations(hidden.len()).clone();
                let out = net.infer(&x).clone();
                assert_eq!(out.rows(), n);
                assert_eq!(out, before, "{hidden:?} with {n} rows");
                for l in 0..=hidden.len() {
                    assert_eq!(net.inferred(l), net.activations(l), "layer {l} of {hidden:?} with {n} rows");
                }
                // The forward pass's own state is left as it was.
                assert_eq!(net.activations(hidden.len()), &before);
            }
        }
    }

    #[test]
    fn gradients_include_l1_l2_and_elastic_penalties() {
        for reg in [Regularization::L1, Regularization::L2, Regularization::Elastic(0.3)] {
            let mut c = NetworkConfig::new(2, &[4, 3], Activation::Tanh, 1, Output::Sigmoid, Loss::BinaryCrossEntropy);
            c.regularization = reg;
            c.reg_rate = 0.05;
            check(c, 42);
        }
    }

    #[test]
    fn dropout_scales_survivors_and_keeps_the_expectation() {
        let mut c = NetworkConfig::new(2, &[64], Activation::Relu, 1, Output::Identity, Loss::Mse);
        c.dropout = 0.3;
        let mut rng = Rng::new(3);
        let mut net = c.init(&mut rng);
        let x = Matrix::from_vec(1, 2, vec![0.7, -0.4]);
        net.forward(&x, None);
        let clean = net.activations(0).as_slice().to_vec();
        // Average the dropped-out layer over many passes: E[mask·y] = y.
        let trials = 4000;
        let mut sum = vec![0.0f64; clean.len()];
        let mut dropped = 0usize;
        for _ in 0..trials {
            net.forward(&x, Some(&mut rng));
            for (j, (&d, &y)) in net.dropped[0].as_slice().iter().zip(&clean).enumerate() {
                sum[j] += d as f64;
                if d == 0.0 && y != 0.0 {
                    dropped += 1;
                } else if y != 0.0 {
                    assert!((d - y / 0.7).abs() < 1e-5, "survivors are scaled by 1/(1−p)");
                }
            }
        }
        let live = clean.iter().filter(|v| **v != 0.0).count();
        let rate = dropped as f64 / (live * trials) as f64;
        assert!((rate - 0.3).abs() < 0.01, "drop rate {rate}");
        for (s, y) in sum.iter().zip(&clean) {
            assert!((s / trials as f64 - *y as f64).abs() < 0.05 * (1.0 + y.abs() as f64));
        }
        // Without an rng (evaluation), nothing is dropped.
        let out1 = net.predict(&x);
        let out2 = net.predict(&x);
        assert_eq!(out1, out2);
    }

    #[test]
    fn dropout_gradient_matches_finite_differences_for_a_fixed_mask() {
        // With the mask frozen, the dropped network is a fixed function of its weights.
        let mut c = NetworkConfig::new(2, &[5, 4], Activation::Tanh, 1, Output::Sigmoid, Loss::BinaryCrossEntropy);
        c.dropout = 0.4;
        let mut rng = Rng::new(8);
        let mut net = c.init(&mut rng);
        let x = batch(&mut rng, 6, 2);
        let t = targets_for(Output::Sigmoid, 1, 6, &mut rng);
        let mask_seed = 77;
        net.forward(&x, Some(&mut Rng::new(mask_seed)));
        net.backward(&t);
        let analytic = net.grads().to_vec();
        let base = net.params().to_vec();
        for i in 0..base.len() {
            let mut f = |v: f32| {
                let mut p = base.clone();
                p[i] = v;
                net.set_params(&p);
                net.forward(&x, Some(&mut Rng::new(mask_seed)));
                net.loss(&t) as f64
            };
            let num = (f(base[i] + 1e-2) - f(base[i] - 1e-2)) / 2e-2;
            assert!((analytic[i] as f64 - num).abs() < 5e-3 * (1.0 + num.abs()), "param {i}: {} vs {num}", analytic[i]);
        }
    }

    #[test]
    fn validate_explains_what_is_wrong() {
        let ok = NetworkConfig::new(2, &[4, 2], Activation::Tanh, 1, Output::Sigmoid, Loss::BinaryCrossEntropy);
        assert!(ok.validate().is_ok());
        let mut c = ok.clone();
        c.hidden = vec![4, 100_000];
        assert!(c.validate().unwrap_err().contains("hidden layer 2 has 100000 neurons"));
        let mut c = ok.clone();
        c.activations[0] = Activation::Step;
        assert!(c.validate().unwrap_err().contains("step"));
        let mut c = ok.clone();
        c.output = Output::Identity;
        assert!(c.validate().unwrap_err().contains("bce loss needs a Sigmoid output"));
        let mut c = ok;
        c.hidden = vec![2; 13];
        c.activations = vec![Activation::Tanh; 13];
        assert!(c.validate().unwrap_err().contains("at most 12 hidden layers"));
    }
}

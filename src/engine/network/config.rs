//! What a network is built from, checked, and the building: the layers' layout in the
//! flat parameter vector and the steps a batch goes through.

use super::Network;
use crate::engine::activation::Activation;
use crate::engine::init::Init;
use crate::engine::layer::Dense;
use crate::engine::loss::{Loss, Output};
use crate::engine::regularize::Regularization;
use crate::engine::rng::Rng;
use crate::engine::steps::{AnyStep, BatchNorm, DenseStep, Neurons};

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
        let layers = self.layout();
        let mut params = vec![0.0; layers.last().map_or(0, |l| l.norm.end)];
        for layer in &layers {
            for w in &mut params[layer.weights.clone()] {
                *w = self.init.weight(layer.inputs, layer.outputs, rng);
            }
            params[layer.biases.clone()].fill(self.init.bias());
            // γ = 1, β = 0: the normalised sums pass unchanged at first.
            let m = layer.outputs;
            params[layer.norm.clone()].iter_mut().enumerate().for_each(|(i, p)| *p = if i < m { 1.0 } else { 0.0 });
        }
        let (steps, ends) = self.steps(&layers);
        Network::from_parts(self.clone(), layers, steps, ends, params)
    }

    /// The layers, input side first, each with its ranges of the flat parameter vector:
    /// weights, then biases (none without them or under batch normalization), then γ and β.
    fn layout(&self) -> Vec<Dense> {
        let mut sizes = vec![self.inputs];
        sizes.extend(&self.hidden);
        sizes.push(self.outputs);
        let last = sizes.len() - 2;
        let mut offset = 0;
        let mut layers = Vec::with_capacity(sizes.len() - 1);
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
        layers
    }

    /// The steps of the layers, and for each layer the step whose neurons are its
    /// outputs: a dense step, followed by a batch normalization step that takes over the
    /// activation and dropout where the layer is normalised. The output layer's
    /// activation is its output rule's, and it is never dropped.
    fn steps(&self, layers: &[Dense]) -> (Vec<AnyStep>, Vec<usize>) {
        let last = layers.len() - 1;
        let mut steps = Vec::with_capacity(2 * layers.len());
        let mut ends = Vec::with_capacity(layers.len());
        for (l, layer) in layers.iter().enumerate() {
            let neurons = if l < last {
                Neurons::new(layer.activation, false, self.dropout)
            } else {
                let act = match self.output {
                    Output::Sigmoid => Activation::Sigmoid,
                    Output::Tanh => Activation::Tanh,
                    Output::Identity | Output::Softmax => Activation::Linear,
                };
                Neurons::new(act, self.output == Output::Softmax, 0.0)
            };
            if layer.norm.is_empty() {
                steps.push(AnyStep::Dense(DenseStep::new(layer.clone(), neurons)));
            } else {
                steps.push(AnyStep::Dense(DenseStep::new(layer.clone(), Neurons::sums_only())));
                steps.push(AnyStep::Norm(BatchNorm::new(layer.outputs, layer.norm.clone(), neurons)));
            }
            ends.push(steps.len() - 1);
        }
        (steps, ends)
    }
}

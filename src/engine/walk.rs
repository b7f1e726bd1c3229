//! Backpropagation for one example with every number kept: what a walk-through shows
//! and a student checks by hand. Nothing here recomputes the network's mathematics: the
//! numbers are those of the engine's own forward pass, backward pass and SGD step.

use super::loss::{Loss, Output};
use super::matrix::Matrix;
use super::network::Network;
use super::optim::{Optimizer, SgdConfig};

/// One layer of a walk: per neuron, its net input, its output and its δ.
#[derive(Clone, Debug, PartialEq)]
pub struct WalkLayer {
    /// Net inputs z = Σ wᵢ·xᵢ (+ b), one per neuron.
    pub net: Vec<f32>,
    /// Outputs f(z), one per neuron (for the output layer, the predictions).
    pub out: Vec<f32>,
    /// δ = ∂E/∂z, one per neuron.
    pub delta: Vec<f32>,
    /// The chain rule's two factors of δ, one per neuron. For a hidden layer: f′(z), and
    /// Σₖ wⱼₖ·δₖ over the next layer (δ = f′(z)·Σ). For the output layer: the output's
    /// slope and ∂E/∂o (δ = slope·∂E/∂o), where cross-entropy's slope is 1 because its
    /// σ′ or softmax Jacobian cancels (δ = o − t); `None` for softmax with squared error,
    /// whose δ mixes every output.
    pub factors: Option<(Vec<f32>, Vec<f32>)>,
}

/// One example forward, its loss, backward, and one SGD step, all from the engine.
#[derive(Clone, Debug, PartialEq)]
pub struct Walk {
    /// The network's inputs (the features of the point).
    pub input: Vec<f32>,
    /// The target the output is compared with.
    pub target: Vec<f32>,
    /// Every layer, input side first; the last is the output layer.
    pub layers: Vec<WalkLayer>,
    /// The loss of this one example (squared error is ½ Σ (t − o)²), without penalty.
    pub loss: f32,
    /// ∂E/∂p for every parameter, in the network's layout (penalty included).
    pub grads: Vec<f32>,
    /// The parameters before the step.
    pub before: Vec<f32>,
    /// The parameters after one SGD step p ← p − η·∂E/∂p.
    pub after: Vec<f32>,
    /// η of the step.
    pub lr: f32,
}

impl Walk {
    /// The output of layer `l`'s input `i` (for layer 0, the network's input `i`): the
    /// other factor of every weight gradient, ∂E/∂wᵢⱼ = xᵢ·δⱼ.
    pub fn layer_input(&self, l: usize, i: usize) -> f32 {
        if l == 0 {
            self.input[i]
        } else {
            self.layers[l - 1].out[i]
        }
    }
}

/// The output layer's two factors of δ (see [`WalkLayer::factors`]).
fn output_factors(output: Output, loss: Loss, o: &[f32], t: &[f32]) -> Option<(Vec<f32>, Vec<f32>)> {
    let error: Vec<f32> = o.iter().zip(t).map(|(o, t)| o - t).collect();
    let ones = vec![1.0; o.len()];
    match (loss, output) {
        (Loss::BinaryCrossEntropy | Loss::SoftmaxCrossEntropy, _) | (Loss::Mse, Output::Identity) => Some((ones, error)),
        (Loss::Mse, Output::Sigmoid) => Some((o.iter().map(|o| o * (1.0 - o)).collect(), error)),
        (Loss::Mse, Output::Tanh) => Some((o.iter().map(|o| 1.0 - o * o).collect(), error)),
        (Loss::Mse, Output::Softmax) => None,
    }
}

impl Network {
    /// Walks one example through a copy of this network: forward (no dropout), the loss
    /// against `target`, backward, then one SGD step at rate `lr`. The network itself is
    /// left as it was. Panics if the widths do not fit (check them at the API edge).
    pub fn walk(&self, input: &[f32], target: &[f32], lr: f32) -> Walk {
        let (inputs, outputs) = (self.config().inputs, self.config().outputs);
        assert_eq!(input.len(), inputs, "walk: {} inputs for a network with {inputs}", input.len());
        assert_eq!(target.len(), outputs, "walk: {} targets for a network with {outputs} outputs", target.len());
        let mut net = self.clone();
        net.keep_deltas(true);
        let x = Matrix::from_vec(1, inputs, input.to_vec());
        let t = Matrix::from_vec(1, outputs, target.to_vec());
        net.forward(&x, None);
        let loss = net.backward(&t);
        let last = net.layers().len() - 1;
        let layers = (0..=last)
            .map(|l| {
                let (z, y) = (net.weighted_sums(l).as_slice(), net.activations(l).as_slice());
                let factors = if l < last {
                    // Σₖ wⱼₖ δₖ with the next layer's weights and δ, and f′ from the activation.
                    let next = &net.layers()[l + 1];
                    let d = net.deltas(l + 1).as_slice();
                    let sums =
                        (0..next.inputs).map(|j| (0..next.outputs).map(|k| net.params()[next.weight_index(j, k)] * d[k]).sum()).collect();
                    let act = net.layers()[l].activation;
                    Some((z.iter().zip(y).map(|(&z, &y)| act.derivative(z, y)).collect(), sums))
                } else {
                    output_factors(net.config().output, net.config().loss, y, target)
                };
                WalkLayer { net: z.to_vec(), out: y.to_vec(), delta: net.deltas(l).as_slice().to_vec(), factors }
            })
            .collect();
        let before = net.params().to_vec();
        let grads = net.grads().to_vec();
        let mut sgd = SgdConfig.init(before.len());
        let (params, g) = net.params_and_grads();
        sgd.step(lr, params, g);
        Walk { input: input.to_vec(), target: target.to_vec(), layers, loss, grads, before, after: net.params().to_vec(), lr }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Activation, Init, Loss, NetworkConfig, Output, Regularization, Rng};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// The lectures' example: 2-2-1 sigmoid units without biases, squared error, η = 1,
    /// weights (0.1, 0.2 | 0.3, 0.4 → 0.5, 0.6), input (0.05, 0.10), target 0.1.
    fn textbook() -> Network {
        let mut c = NetworkConfig::new(2, &[2], Activation::Sigmoid, 1, Output::Sigmoid, Loss::Mse);
        c.bias = false;
        let mut net = c.init(&mut Rng::new(1));
        net.set_layer_weights(0, &[vec![0.1, 0.2], vec![0.3, 0.4]]).unwrap();
        net.set_layer_weights(1, &[vec![0.5, 0.6]]).unwrap();
        net
    }

    fn sigmoid(x: f64) -> f64 {
        1.0 / (1.0 + (-x).exp())
    }

    #[test]
    fn the_textbook_example_matches_a_hand_computation() {
        let w = textbook().walk(&[0.05, 0.10], &[0.1], 1.0);
        // By hand, in f64: the chain rule written out.
        let (x1, x2) = (0.05, 0.10);
        let (n1, n2) = (0.1 * x1 + 0.2 * x2, 0.3 * x1 + 0.4 * x2);
        let (h1, h2) = (sigmoid(n1), sigmoid(n2));
        let n3 = 0.5 * h1 + 0.6 * h2;
        let o = sigmoid(n3);
        let e = 0.5 * (0.1 - o) * (0.1 - o);
        let d3 = (o - 0.1) * o * (1.0 - o);
        let (d1, d2) = (d3 * 0.5 * h1 * (1.0 - h1), d3 * 0.6 * h2 * (1.0 - h2));
        let close = |a: f32, b: f64, what: &str| assert!((a as f64 - b).abs() < 2e-6, "{what}: engine {a}, by hand {b}");
        close(w.layers[0].net[0], n1, "net h1");
        close(w.layers[0].net[1], n2, "net h2");
        close(w.layers[0].out[0], h1, "out h1");
        close(w.layers[1].net[0], n3, "net o");
        close(w.layers[1].out[0], o, "out o");
        close(w.loss, e, "E");
        close(w.layers[1].delta[0], d3, "δ o");
        close(w.layers[0].delta[0], d1, "δ h1");
        close(w.layers[0].delta[1], d2, "δ h2");
        // ∂E/∂w = input × δ, and w ← w − η·∂E/∂w with η = 1 (layout: inputs × neurons).
        let net = textbook();
        let (l0, l1) = (&net.layers()[0], &net.layers()[1]);
        close(w.grads[l1.weight_index(0, 0)], h1 * d3, "∂E/∂w5");
        close(w.grads[l1.weight_index(1, 0)], h2 * d3, "∂E/∂w6");
        close(w.grads[l0.weight_index(0, 0)], x1 * d1, "∂E/∂w1");
        close(w.grads[l0.weight_index(1, 1)], x2 * d2, "∂E/∂w4");
        close(w.after[l1.weight_index(0, 0)], 0.5 - h1 * d3, "w5 after");
        close(w.after[l0.weight_index(1, 0)], 0.2 - x2 * d1, "w2 after");
        assert_eq!(w.grads.len(), 6, "no biases");
        // The chain rule's factors, each the engine's: δ = slope · (what comes back).
        for layer in &w.layers {
            let (slope, back) = layer.factors.clone().unwrap();
            for j in 0..layer.delta.len() {
                assert!((slope[j] * back[j] - layer.delta[j]).abs() < 1e-7, "δ = factor × factor");
            }
        }
        close(w.layers[1].factors.as_ref().unwrap().0[0], o * (1.0 - o), "σ′(net o)");
        close(w.layers[0].factors.as_ref().unwrap().1[0], 0.5 * d3, "w5·δo");
        for (k, g) in w.grads.iter().enumerate() {
            assert_eq!(*g, w.layers_factor(&net, k), "∂E/∂p[{k}] is input × δ");
        }
    }

    impl Walk {
        /// input × δ for the weight at flat index `k` (no penalty in these tests).
        fn layers_factor(&self, net: &Network, k: usize) -> f32 {
            for (l, layer) in net.layers().iter().enumerate() {
                if layer.weights.contains(&k) {
                    let r = k - layer.weights.start;
                    let (i, j) = (r / layer.outputs, r % layer.outputs);
                    return self.layer_input(l, i) * self.layers[l].delta[j];
                }
                if layer.biases.contains(&k) {
                    return self.layers[l].delta[k - layer.biases.start];
                }
            }
            panic!("no parameter {k}");
        }
    }

    #[test]
    fn a_walk_is_one_engine_sgd_step_with_batch_1_and_agrees_with_finite_differences() {
        use Activation::*;
        let cases = [
            (vec![3, 2], vec![Tanh, Relu], 1, Output::Sigmoid, Loss::BinaryCrossEntropy, true),
            (vec![4], vec![Sigmoid], 1, Output::Tanh, Loss::Mse, false),
            (vec![3, 3], vec![Elu, Tanh], 3, Output::Softmax, Loss::SoftmaxCrossEntropy, true),
            (vec![2], vec![Silu], 1, Output::Identity, Loss::Mse, true),
        ];
        for (seed, (hidden, acts, outputs, output, loss, bias)) in cases.into_iter().enumerate() {
            let mut c = NetworkConfig::new(2, &hidden, Tanh, outputs, output, loss);
            c.activations = acts;
            c.bias = bias;
            c.init = Init::Normal(0.7);
            c.regularization = Regularization::L2;
            c.reg_rate = 0.01;
            let mut rng = Rng::new(seed as u64 + 3);
            let mut net = c.init(&mut rng);
            let x = [0.7f32, -0.4];
            let mut t = vec![0.0; outputs];
            t[outputs - 1] = 1.0;
            let lr = 0.3;
            let w = net.walk(&x, &t, lr);
            // The same step by the trainer's path: one batch of one, then SGD.
            let before = net.params().to_vec();
            net.forward(&Matrix::from_vec(1, 2, x.to_vec()), None);
            net.backward(&Matrix::from_vec(1, outputs, t.clone()));
            assert_eq!(w.grads, net.grads(), "case {seed}: the walk's gradient is the engine's");
            for (l, layer) in w.layers.iter().enumerate() {
                if let Some((slope, back)) = &layer.factors {
                    for j in 0..layer.delta.len() {
                        let d = layer.delta[j];
                        assert!(
                            (slope[j] * back[j] - d).abs() < 1e-5 * (1.0 + d.abs()),
                            "case {seed} layer {l}: δ {d} vs {} × {}",
                            slope[j],
                            back[j]
                        );
                    }
                }
            }
            let mut sgd = SgdConfig.init(before.len());
            let (p, g) = net.params_and_grads();
            sgd.step(lr, p, g);
            assert_eq!(w.after, net.params(), "case {seed}: the walk's update is the engine's step");
            assert_eq!(w.before, before);
            // Against finite differences of loss + penalty.
            let objective = |params: &[f32]| -> f64 {
                let mut n = net.clone();
                n.set_params(params);
                n.forward(&Matrix::from_vec(1, 2, x.to_vec()), None);
                n.loss(&Matrix::from_vec(1, outputs, t.clone())) as f64 + n.penalty() as f64
            };
            for k in 0..before.len() {
                let h = 1e-2f32;
                let (mut up, mut down) = (before.clone(), before.clone());
                up[k] += h;
                down[k] -= h;
                let num = (objective(&up) - objective(&down)) / (2.0 * h as f64);
                assert!((w.grads[k] as f64 - num).abs() < 3e-3 * (1.0 + num.abs()), "case {seed} param {k}: {} vs {num}", w.grads[k]);
            }
        }
    }
}

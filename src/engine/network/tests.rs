//! The network's gradients against finite differences (with and without batch
//! normalization and dropout), its steps, and blocked inference against the forward pass.

use super::*;
use crate::engine::activation::Activation;
use crate::engine::init::Init;
use crate::engine::loss::{Loss, Output};
use crate::engine::regularize::Regularization;
use crate::engine::steps::{AnyStep, Step};
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
fn gradients_match_finite_differences_with_batch_normalization_and_dropout_off_and_on() {
    use Activation::*;
    // The same random stream for every pass draws the same masks, so with dropout on the
    // network is still a fixed function of its parameters.
    for (seed, (batchnorm, dropout)) in [(false, 0.0), (false, 0.3), (true, 0.0), (true, 0.3)].into_iter().enumerate() {
        let mut c = NetworkConfig::new(3, &[5, 4], Tanh, 3, Output::Softmax, Loss::SoftmaxCrossEntropy);
        c.activations = vec![Elu, Sigmoid];
        c.init = Init::Normal(0.6);
        c.batchnorm = batchnorm;
        c.dropout = dropout;
        check(c, seed as u64 + 21);
    }
}

#[test]
fn the_network_is_a_list_of_steps_each_owning_the_next_range_of_the_parameters() {
    let mut c = NetworkConfig::new(2, &[4, 3], Activation::Relu, 1, Output::Sigmoid, Loss::BinaryCrossEntropy);
    for (batchnorm, kinds) in [(false, vec!["dense"; 3]), (true, vec!["dense", "batchnorm", "dense", "batchnorm", "dense"])] {
        c.batchnorm = batchnorm;
        let net = c.init(&mut Rng::new(1));
        assert_eq!(net.steps().iter().map(AnyStep::name).collect::<Vec<_>>(), kinds);
        let mut end = 0;
        for step in net.steps() {
            assert_eq!(step.owns().start, end, "{kinds:?}: the steps' ranges follow one another");
            end = step.owns().end;
        }
        assert_eq!(end, net.params().len(), "{kinds:?}: together they are the whole parameter vector");
        // Each layer's outputs are the last of its steps: the normalised one under batch
        // normalization, whose sums are γ·x̂ + β.
        if batchnorm {
            let AnyStep::Norm(norm) = &net.steps()[1] else { panic!("the second step normalises") };
            assert_eq!(norm.norm, net.layers()[0].norm);
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
        for (j, (&d, &y)) in net.neurons(0).dropped().as_slice().iter().zip(&clean).enumerate() {
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

//! Tests of the trainer.
use super::*;
use crate::engine::{Activation, Loss, NetworkConfig, OptimizerKind, Output};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn xor_samples() -> Samples {
    let inputs = Matrix::from_rows(&[vec![-1.0, -1.0], vec![-1.0, 1.0], vec![1.0, -1.0], vec![1.0, 1.0]]);
    let targets = Matrix::from_rows(&[vec![0.0], vec![1.0], vec![1.0], vec![0.0]]);
    Samples { inputs, targets }
}

fn config(kind: OptimizerKind, lr: f32) -> TrainerConfig {
    TrainerConfig {
        batch_size: 4,
        optimizer: OptimizerSettings { kind, learning_rate: lr, ..Default::default() },
        schedule: Schedule::Constant,
        early_stopping: None,
        classify: true,
    }
}

fn xor_trainer(kind: OptimizerKind, lr: f32, seed: u64) -> Trainer {
    let mut rng = Rng::new(seed);
    let net = NetworkConfig::new(2, &[4], Activation::Tanh, 1, Output::Sigmoid, Loss::BinaryCrossEntropy).init(&mut rng);
    Trainer::new(net, config(kind, lr), xor_samples(), Samples::default(), rng)
}

#[test]
fn gradient_norms_are_the_mean_of_each_steps_norm_per_weight_matrix() {
    // One step per epoch (batch = the whole set): the epoch's norm is that step's.
    let mut t = xor_trainer(OptimizerKind::Sgd, 0.1, 3);
    assert_eq!(t.grad_norms(), None);
    t.track_grad_norms(true);
    let mut probe = t.network().clone();
    probe.forward(&t.train_set().inputs, None);
    probe.backward(&t.train_set().targets);
    t.train_epoch();
    let norms = t.grad_norms().unwrap().to_vec();
    assert_eq!(norms.len(), 2);
    for (l, layer) in probe.layers().iter().enumerate() {
        let want = probe.grads()[layer.weights.clone()].iter().map(|g| g * g).sum::<f32>().sqrt();
        assert!((norms[l] - want).abs() < 1e-6 * (1.0 + want), "layer {l}: {} vs {want}", norms[l]);
    }
    t.track_grad_norms(false);
    assert_eq!(t.grad_norms(), None);
}

#[test]
fn early_stopping_watches_the_validation_loss_when_there_is_one() {
    // The test set is the training set with flipped labels: its loss rises as the
    // network learns. Early stopping on it would stop at once; with a validation set
    // equal to the training set it is never tempted.
    let mut flipped = xor_samples();
    flipped.targets = Matrix::from_rows(&[vec![1.0], vec![0.0], vec![0.0], vec![1.0]]);
    let make = || {
        let mut rng = Rng::new(5);
        let net = NetworkConfig::new(2, &[6], Activation::Tanh, 1, Output::Sigmoid, Loss::BinaryCrossEntropy).init(&mut rng);
        let mut cfg = config(OptimizerKind::Adam, 0.05);
        cfg.early_stopping = Some(EarlyStopping { patience: 5, min_delta: 0.0 });
        Trainer::new(net, cfg, xor_samples(), flipped.clone(), rng)
    };
    let mut on_test = make();
    let s = on_test.train_epochs(300);
    assert!(s.stopped_early && s.epoch < 50, "{s:?}");
    assert_eq!(s.val_loss, None);
    let mut on_val = make();
    on_val.set_validation(xor_samples());
    let s = on_val.train_epochs(300);
    assert!(!s.stopped_early && s.epoch == 300, "{s:?}");
    assert!(s.val_loss.unwrap() < 0.1 && s.val_accuracy == Some(1.0), "{s:?}");
    assert_eq!(s.watched_loss(), s.val_loss.unwrap());
}

#[test]
fn the_range_test_leaves_the_trainer_alone_and_stops_when_the_loss_explodes() {
    let t = xor_trainer(OptimizerKind::Sgd, 0.1, 2);
    let before = t.network().params().to_vec();
    let r = t.lr_range_test(1e-5, 10.0, 100);
    assert_eq!(t.network().params(), &before[..], "the weights are restored");
    assert!(r.points.len() >= 10);
    assert!(r.points.windows(2).all(|w| w[1].0 > w[0].0), "the rate grows");
    assert!((r.points[0].0 - 1e-5).abs() < 1e-9);
    let best = r.points[10..].iter().map(|p| p.1).fold(f32::INFINITY, f32::min);
    let at_best = r.points[10..].iter().find(|p| p.1 == best).unwrap().0;
    assert_eq!(r.suggested, (at_best / 10.0).max(1e-5));
    // Squared error with rates up to 1e6: the loss explodes and the test stops early.
    let mut rng = Rng::new(1);
    let net = NetworkConfig::new(2, &[8], Activation::Relu, 1, Output::Identity, Loss::Mse).init(&mut rng);
    let mut s = xor_samples();
    s.targets = Matrix::from_rows(&[vec![1.0], vec![-1.0], vec![1.0], vec![-1.0]]);
    let regression = Trainer::new(net, config(OptimizerKind::Sgd, 0.1), s, Samples::default(), rng);
    let wild = regression.lr_range_test(1e-3, 1e6, 100);
    assert!(wild.points.len() < 80, "{} points", wild.points.len());
    assert!(wild.points.iter().all(|p| p.1.is_finite()));
}

#[test]
fn sums_and_the_confusion_matrix_come_with_each_evaluation() {
    let mut t = xor_trainer(OptimizerKind::Adam, 0.05, 9);
    assert!(t.sum_histograms().is_none());
    t.track_sums(true);
    let h = t.sum_histograms().unwrap().to_vec();
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].iter().sum::<u32>(), 4 * 4, "4 examples × 4 neurons");
    assert!(t.confusion().is_none(), "no test set");
    let mut with_test = Trainer::new(t.network().clone(), config(OptimizerKind::Adam, 0.05), xor_samples(), xor_samples(), Rng::new(1));
    with_test.train_epochs(200);
    let cm = with_test.confusion().unwrap();
    assert_eq!(cm.counts.iter().sum::<u32>(), 4);
    assert_eq!(cm.accuracy(), with_test.stats().test_accuracy.unwrap());
}

#[test]
fn all_finite_agrees_with_is_finite() {
    for v in [0.0f32, -0.0, 1.0, f32::MAX, f32::MIN_POSITIVE, 1e-45, f32::INFINITY, f32::NEG_INFINITY, f32::NAN] {
        for len in [1usize, 3, 17] {
            let mut xs = vec![0.5f32; len];
            xs[len / 2] = v;
            assert_eq!(all_finite(&xs), v.is_finite(), "{v} in {len}");
        }
    }
    assert!(all_finite(&[]));
}

#[test]
fn train_for_respects_the_epoch_cap_and_the_clock() {
    let mut t = xor_trainer(OptimizerKind::Sgd, 0.1, 2);
    let never = || 0.0;
    assert_eq!(t.train_for(1e9, 7, &never), 7);
    assert_eq!(t.epoch(), 7);
    // A clock that jumps past the budget at once allows exactly one step.
    let tick = std::cell::Cell::new(0.0);
    let clock = || {
        tick.set(tick.get() + 100.0);
        tick.get()
    };
    t.train_for(50.0, 1000, &clock);
    assert_eq!(t.epoch(), 8, "one step of a 4-example batch is one epoch here");
}

#[test]
fn runs_in_lock_step_stand_at_the_same_epoch_and_equal_runs_made_alone() {
    let make = |kind, lr, batch| {
        let mut rng = Rng::new(5);
        let net = NetworkConfig::new(2, &[4], Activation::Tanh, 1, Output::Sigmoid, Loss::BinaryCrossEntropy).init(&mut rng);
        Trainer::new(net, TrainerConfig { batch_size: batch, ..config(kind, lr) }, xor_samples(), Samples::default(), rng)
    };
    let kinds = [(OptimizerKind::Sgd, 0.1, 1), (OptimizerKind::Adam, 0.05, 3), (OptimizerKind::Momentum, 0.1, 4)];
    let mut runs: Vec<Trainer> = kinds.iter().map(|&(k, lr, b)| make(k, lr, b)).collect();
    // Same seed, same shape: the same starting weights in every run.
    assert!(runs.windows(2).all(|w| w[0].network().params() == w[1].network().params()));
    // A clock that allows one minibatch per call: the leader ends an epoch every 4th call
    // (it is compared below at an epoch's end).
    let tick = std::cell::Cell::new(0.0);
    let clock = || {
        tick.set(tick.get() + 100.0);
        tick.get()
    };
    for call in 1..=32 {
        let mut refs: Vec<&mut Trainer> = runs.iter_mut().collect();
        Trainer::train_in_step(&mut refs, 50.0, usize::MAX, &clock);
        assert!(runs.iter().all(|t| t.epoch() == call / 4), "call {call}: {:?}", runs.iter().map(Trainer::epoch).collect::<Vec<_>>());
    }
    for (t, &(k, lr, b)) in runs.iter_mut().zip(&kinds) {
        let mut alone = make(k, lr, b);
        alone.train_epochs(t.epoch());
        assert_eq!(t.network().params(), alone.network().params(), "{k:?}");
        assert_eq!(t.update_stats(), alone.stats());
    }
    // A run that diverges drops out; the others go on, led by the next one.
    let mut wild = {
        let mut rng = Rng::new(1);
        let net = NetworkConfig::new(2, &[8], Activation::Relu, 1, Output::Identity, Loss::Mse).init(&mut rng);
        let mut s = xor_samples();
        s.targets = Matrix::from_rows(&[vec![100.0], vec![-100.0], vec![100.0], vec![-100.0]]);
        Trainer::new(net, config(OptimizerKind::Sgd, 1e6), s, Samples::default(), rng)
    };
    let mut calm = make(OptimizerKind::Adam, 0.05, 4);
    for _ in 0..25 {
        Trainer::train_in_step(&mut [&mut wild, &mut calm], 1e9, 1, &|| 0.0);
    }
    assert!(wild.update_stats().diverged && wild.epoch() < 20);
    assert!(calm.epoch() >= 24, "the calm run went on alone: {}", calm.epoch());
}

#[test]
fn set_data_keeps_the_weights_and_reevaluates() {
    let mut t = xor_trainer(OptimizerKind::Adam, 0.05, 4);
    t.train_epochs(10);
    let w = t.network().params().to_vec();
    let mut s = xor_samples();
    s.targets = Matrix::from_rows(&[vec![1.0], vec![0.0], vec![0.0], vec![1.0]]);
    let before = t.stats().train_loss;
    t.set_data(s, Samples::default());
    assert_eq!(t.network().params(), &w[..]);
    assert!(t.stats().train_loss > before, "flipped labels cost more");
}

#[test]
fn an_absurd_learning_rate_diverges_and_keeps_the_last_finite_figures() {
    let mut rng = Rng::new(1);
    let net = NetworkConfig::new(2, &[8], Activation::Relu, 1, Output::Identity, Loss::Mse).init(&mut rng);
    let mut s = xor_samples();
    s.targets = Matrix::from_rows(&[vec![100.0], vec![-100.0], vec![100.0], vec![-100.0]]);
    let mut t = Trainer::new(net, config(OptimizerKind::Sgd, 1e6), s, Samples::default(), rng);
    let stats = t.train_epochs(1000);
    assert!(stats.diverged);
    assert!(stats.train_loss.is_finite() && stats.test_loss.is_finite());
    assert!(t.network().params().iter().all(|p| p.is_finite()));
    assert!(stats.epoch < 1000);
    let params = t.network().params().to_vec();
    assert!(t.step(), "a diverged trainer stops at once");
    assert_eq!(t.network().params(), &params[..], "and changes nothing");
}

#[test]
fn a_classifier_whose_loss_swings_is_stopped_as_unstable_and_the_rate_is_blamed() {
    for seed in 1..=3 {
        let mut t = crate::config::Settings::parse(&format!("dataset=circle&optimizer=adam&lr=3&seed={seed}")).unwrap().trainer().unwrap();
        assert!((t.stats().chance_loss - std::f32::consts::LN_2).abs() < 0.01, "two balanced classes");
        // Watched at every evaluation, as the page and the command line evaluate.
        let mut s = t.stats();
        while !t.is_finished() && s.epoch < 200 {
            s = t.train_epoch();
        }
        assert!(s.diverged && s.epoch < 50, "seed {seed}: {s:?}");
        let b = s.breakdown.unwrap();
        assert!(!b.non_finite && b.cause == Cause::LearningRate && b.optimizer == OptimizerKind::Adam && b.learning_rate == 3.0, "{b:?}");
        assert!(s.train_loss.is_finite() && t.network().params().iter().all(|p| p.is_finite()));
        assert!(b.reason().contains("learning rate (3) is too high for adam: divide it by 10"), "{}", b.reason());
        assert!(t.step(), "a stopped trainer stays stopped");
    }
    // A healthy run of the same network is never stopped.
    let mut calm = crate::config::Settings::parse("dataset=circle&optimizer=adam&lr=0.03").unwrap().trainer().unwrap();
    let mut s = calm.stats();
    while !calm.is_finished() && s.epoch < 200 {
        s = calm.train_epoch();
    }
    assert!(!s.diverged && s.breakdown.is_none() && s.epoch == 200, "{s:?}");
}

#[test]
fn huge_weights_are_named_not_the_learning_rate() {
    let mut rng = Rng::new(1);
    let net = NetworkConfig::new(2, &[8], Activation::Relu, 1, Output::Identity, Loss::Mse).init(&mut rng);
    let mut t = Trainer::new(net, config(OptimizerKind::Sgd, 0.03), xor_samples(), Samples::default(), rng);
    assert_eq!(t.large_weights(), None);
    let mut net = t.network().clone();
    let mut params = net.params().to_vec();
    params[net.layers()[0].weights.clone()].iter_mut().for_each(|w| *w = 3e38);
    net.set_params(&params);
    t.replace_network(net); // as a loaded model is put in
    let large = LargeWeights { count: 16, largest: 3e38, layer: 1 };
    assert_eq!(t.large_weights(), Some(large));
    let s = t.train_epochs(20);
    let b = s.breakdown.expect("it breaks down");
    assert!(s.diverged && b.non_finite, "{s:?}");
    assert_eq!(b.cause, Cause::Weights(large));
    assert!(b.reason().contains("weights are too large, not the learning rate") && !b.reason().contains("0.03"), "{}", b.reason());
    // Typed by hand: found once the figures are refreshed.
    let mut typed = xor_trainer(OptimizerKind::Sgd, 0.03, 1);
    typed.network_mut().params_mut()[0] = -5e3;
    typed.refresh_stats();
    assert_eq!(typed.large_weights(), Some(LargeWeights { count: 1, largest: 5e3, layer: 1 }));
}

#[test]
fn same_seed_same_run_and_clones_continue_independently() {
    let mut a = xor_trainer(OptimizerKind::Adam, 0.05, 7);
    let mut b = xor_trainer(OptimizerKind::Adam, 0.05, 7);
    a.train_epochs(20);
    let mut c = a.clone();
    b.train_epochs(20);
    assert_eq!(a.network().params(), b.network().params());
    a.train_epochs(5);
    c.train_epochs(5);
    assert_eq!(a.network().params(), c.network().params());
    assert_eq!(a.stats(), c.stats());
}

#[test]
fn live_learning_rate_change_applies_without_reset() {
    let mut t = xor_trainer(OptimizerKind::Momentum, 0.1, 3);
    t.train_epochs(3);
    let before = t.network().params().to_vec();
    t.set_learning_rate(0.0);
    t.train_epochs(2);
    // Momentum keeps its velocity, but with η = 0 no step moves anything.
    assert_eq!(t.network().params(), &before[..]);
    assert_eq!(t.epoch(), 5);
    assert_eq!(t.stats().learning_rate, 0.0);
}

#[test]
fn early_stopping_restores_the_best_epoch() {
    // Train on XOR but test on its opposite labels: as training succeeds, the test
    // loss rises after its best epoch, so early stopping must fire and roll back.
    let mut rng = Rng::new(5);
    let net = NetworkConfig::new(2, &[4], Activation::Tanh, 1, Output::Sigmoid, Loss::BinaryCrossEntropy).init(&mut rng);
    let mut test = xor_samples();
    test.targets = Matrix::from_rows(&[vec![1.0], vec![0.0], vec![0.0], vec![1.0]]);
    let mut cfg = config(OptimizerKind::Adam, 0.05);
    cfg.early_stopping = Some(EarlyStopping { patience: 5, min_delta: 0.0 });
    let mut t = Trainer::new(net, cfg, xor_samples(), test, rng);
    let mut history = vec![(0usize, t.stats().test_loss, t.network().params().to_vec())];
    let mut epochs_trained = 0;
    while !t.is_finished() && epochs_trained < 500 {
        let s = t.train_epoch();
        epochs_trained += 1;
        if !s.stopped_early {
            history.push((s.epoch, s.test_loss, t.network().params().to_vec()));
        }
    }
    let s = t.stats();
    assert!(s.stopped_early, "early stopping never fired");
    let (best_epoch, best_loss, best_params) = history.iter().min_by(|a, b| a.1.partial_cmp(&b.1).unwrap()).cloned().unwrap();
    assert_eq!(s.epoch, best_epoch);
    assert_eq!(s.test_loss, best_loss);
    assert_eq!(t.network().params(), &best_params[..]);
    // It stopped exactly `patience` epochs after the best one, the last epoch trained,
    // and kept that epoch's figures.
    let stop = t.stopped_at().expect("the stop's figures");
    assert_eq!((stop.epoch, stop.epoch - best_epoch), (epochs_trained, 5));
    assert!(stop.test_loss > best_loss && !stop.stopped_early, "{stop:?}");
    // It stopped exactly `patience` epochs after the best one.
    assert_eq!(epochs_trained, best_epoch + 5);
}

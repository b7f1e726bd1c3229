//! Every lesson's claim, measured at the lesson's own settings on seeds 1, 2 and 3: what
//! the caption says is what the runs do. Each test prints its figures (`--nocapture`).

use neuroplay::config::Settings;
use neuroplay::engine::trainer::{StepStats, Trainer};
use neuroplay::lessons::{find, LESSONS};

const SEEDS: [u64; 8] = [1, 2, 3, 4, 5, 6, 7, 8];

/// The lesson's settings with `extra` keys added (later keys win) and this seed.
fn settings(id: &str, extra: &str, seed: u64) -> Settings {
    let lesson = find(id).unwrap_or_else(|| panic!("no lesson {id}"));
    Settings::parse(&format!("{}{extra}&seed={seed}", lesson.settings)).unwrap_or_else(|e| panic!("{id}: {e}"))
}

/// The lesson's runs (one when it compares nothing), each with its label and a fresh trainer.
fn runs(id: &str, extra: &str, seed: u64) -> Vec<(String, Trainer)> {
    settings(id, extra, seed).runs().unwrap().into_iter().map(|r| (r.label, r.settings.trainer().unwrap())).collect()
}

/// Trains up to `epochs` epochs (stopping where the trainer stops), every epoch's figures.
fn train(t: &mut Trainer, epochs: usize) -> Vec<StepStats> {
    let mut out = Vec::with_capacity(epochs);
    for _ in 0..epochs {
        let s = t.train_epoch();
        out.push(s);
        if t.is_finished() {
            break;
        }
    }
    out
}

/// The last figures after `epochs` epochs.
fn after(t: &mut Trainer, epochs: usize) -> StepStats {
    *train(t, epochs).last().unwrap()
}

fn acc(s: &StepStats) -> f32 {
    s.test_accuracy.unwrap()
}

/// The epoch the lesson's page pauses at.
fn until(id: &str) -> usize {
    Settings::parse(find(id).unwrap().settings).unwrap().until.unwrap_or_else(|| panic!("{id} has no until="))
}

#[test]
fn every_lesson_has_its_claim_test() {
    let here = include_str!("lessons.rs");
    for lesson in LESSONS {
        let name = format!("fn {}_", lesson.id.replace('-', "_"));
        assert!(here.contains(&name), "no test for lesson {}", lesson.id);
    }
}

#[test]
fn perceptron_splits_the_gaussians_with_a_line_and_fails_on_exclusive_or() {
    for seed in SEEDS {
        let gauss = acc(&after(&mut runs("perceptron", "", seed)[0].1, 50));
        let xor = acc(&after(&mut runs("perceptron", "&dataset=xor", seed)[0].1, 100));
        println!("perceptron seed {seed}: gauss accuracy {gauss:.2}, exclusive or {xor:.2}");
        assert!(gauss >= 0.97 && xor <= 0.7, "seed {seed}");
    }
}

#[test]
fn linear_layers_stay_one_line_on_exclusive_or_and_tanh_learns_it() {
    for seed in SEEDS {
        let linear = acc(&after(&mut runs("linear", "", seed)[0].1, 100));
        let tanh = acc(&after(&mut runs("linear", "&activation=tanh", seed)[0].1, 100));
        println!("linear seed {seed}: linear accuracy {linear:.2}, tanh {tanh:.2}");
        assert!(linear <= 0.7 && tanh >= 0.97, "seed {seed}");
    }
}

#[test]
fn bias_without_it_the_circle_cannot_be_learned_and_with_it_it_is() {
    for seed in SEEDS {
        let off = after(&mut runs("bias", "", seed)[0].1, 100);
        let on = acc(&after(&mut runs("bias", "&bias=on", seed)[0].1, 100));
        println!("bias seed {seed}: without {:.2} (loss {:.3} of chance {:.3}), with {on:.2}", acc(&off), off.train_loss, off.chance_loss);
        assert!(acc(&off) <= 0.6 && off.train_loss >= 0.9 * off.chance_loss && on >= 0.97, "seed {seed}");
    }
}

#[test]
fn activations_saturated_sigmoids_barely_learn_where_relu_does() {
    for seed in SEEDS {
        let sigmoid = after(&mut runs("activations", "", seed)[0].1, 100);
        let relu = after(&mut runs("activations", "&activation=relu", seed)[0].1, 100);
        println!(
            "activations seed {seed}: loss after 100 epochs sigmoid {:.3} (chance {:.3}), relu {:.3}",
            sigmoid.train_loss, sigmoid.chance_loss, relu.train_loss
        );
        assert!(sigmoid.train_loss >= 0.8 * sigmoid.chance_loss && relu.train_loss <= 0.6 * sigmoid.train_loss, "seed {seed}");
    }
}

#[test]
fn losses_cross_entropy_pushes_back_on_a_confident_mistake_and_squared_error_barely() {
    let epochs = until("losses");
    for seed in SEEDS {
        let mut runs = runs("losses", "", seed);
        let mut deltas = Vec::new();
        for (label, t) in &mut runs {
            // Make the network confidently wrong on a training point: a large output bias
            // for a class that is not the point's.
            let (x, y) = (t.train_set().inputs.row(0).to_vec(), t.train_set().targets.row(0).to_vec());
            let truth = y.iter().position(|&v| v == 1.0).unwrap();
            let wrong = (truth + 1) % y.len();
            let mut net = t.network().clone();
            let bias = net.layers().last().unwrap().biases.start + wrong;
            net.params_mut()[bias] = 10.0;
            let walk = net.walk(&x, &y, 0.01);
            let d = walk.layers.last().unwrap().delta.iter().fold(0.0f32, |m, d| m.max(d.abs()));
            deltas.push((label.clone(), d));
        }
        let (mse, xent) = (deltas[0].1, deltas[1].1);
        assert!(deltas[0].0.contains("mse") && deltas[1].0.contains("xent"));
        let accs: Vec<f32> = runs.iter_mut().map(|(_, t)| acc(&after(t, epochs))).collect();
        println!("losses seed {seed}: largest output δ when confidently wrong: mse {mse:.2e}, xent {xent:.3}; accuracy after {epochs} epochs mse {:.2}, xent {:.2}", accs[0], accs[1]);
        assert!(xent >= 0.9 && mse <= 1e-3, "seed {seed}");
        assert!((accs[0] - accs[1]).abs() <= 0.15, "seed {seed}: neither far ahead");
    }
}

#[test]
fn learning_rate_small_crawls_good_descends_large_is_stopped_as_unstable() {
    let epochs = until("learning-rate");
    for seed in SEEDS {
        let mut runs = runs("learning-rate", "", seed);
        let small = after(&mut runs[0].1, epochs);
        let good = after(&mut runs[1].1, epochs);
        let large = train(&mut runs[2].1, epochs);
        let stop = large.last().unwrap();
        println!(
            "learning-rate seed {seed}: loss after {epochs} epochs lr 0.003 {:.3}, lr 0.3 {:.3}; lr 10 stopped at epoch {} (unstable: {})",
            small.train_loss,
            good.train_loss,
            stop.epoch,
            stop.breakdown.is_some_and(|b| !b.non_finite)
        );
        assert!(small.train_loss >= 0.5 && good.train_loss <= 0.1 && small.train_loss >= 5.0 * good.train_loss, "seed {seed}");
        assert!(stop.diverged && stop.breakdown.is_some() && stop.epoch <= 20, "seed {seed}: {stop:?}");
    }
}

#[test]
fn backprop_the_walk_through_reproduces_the_course_example() {
    let (_, t) = runs("backprop", "", 1).remove(0);
    let mut net = t.network().clone();
    net.set_layer_weights(0, &[vec![0.14, 0.19], vec![0.24, 0.29]]).unwrap();
    net.set_layer_weights(1, &[vec![0.35, 0.40]]).unwrap();
    let w = net.walk(&[0.05, 0.10], &[0.1], 1.0);
    let w5 = net.layers()[1].weight_index(0, 0);
    let (h1, o) = (w.layers[0].out[0], w.layers[1].out[0]);
    println!("backprop: out_h1 {h1:.4}, out_o1 {o:.4}, E {:.4}, ∂E/∂w5 {:.4}, w5 → {:.4}", w.loss, w.grads[w5], w.after[w5]);
    let close = |a: f32, b: f32| (a - b).abs() < 5e-5;
    assert!(close(h1, 0.5065) && close(o, 0.5942) && close(w.loss, 0.1221));
    assert!(close(w.grads[w5], 0.0604) && close(w.after[w5], 0.2896));
    assert_eq!(w.grads.len(), 6, "no biases");
}

#[test]
fn batch_size_per_example_steps_are_noisy_and_the_full_batch_is_smooth_but_slow_per_epoch() {
    let epochs = until("batch-size");
    for seed in SEEDS {
        let curves: Vec<Vec<StepStats>> = runs("batch-size", "", seed).into_iter().map(|(_, mut t)| train(&mut t, epochs)).collect();
        let last: Vec<f32> = curves.iter().map(|c| c.last().unwrap().train_loss).collect();
        // The largest rise of the training loss from one epoch to the next.
        let rise: Vec<f32> = curves.iter().map(|c| c.windows(2).map(|w| w[1].train_loss - w[0].train_loss).fold(0.0, f32::max)).collect();
        println!(
            "batch-size seed {seed}: loss after {epochs} epochs batch 1 {:.3}, 10 {:.3}, 250 {:.3}; largest rise {:.4}, {:.4}, {:.4}",
            last[0], last[1], last[2], rise[0], rise[1], rise[2]
        );
        assert!(last[0] < last[2] && last[1] < last[2], "seed {seed}: the full batch makes the least progress per epoch");
        assert!(rise[2] <= 1e-4 && rise[0] >= 1e-3, "seed {seed}: per-example descent is noisy, the full batch exact");
    }
}

#[test]
fn momentum_and_nesterov_outpace_plain_descent() {
    let epochs = until("momentum");
    for seed in SEEDS {
        let loss: Vec<f32> = runs("momentum", "", seed).into_iter().map(|(_, mut t)| after(&mut t, epochs).train_loss).collect();
        println!("momentum seed {seed}: loss after {epochs} epochs sgd {:.3}, momentum {:.3}, nesterov {:.3}", loss[0], loss[1], loss[2]);
        assert!(loss[0] >= 0.55 && loss[1] <= 0.85 * loss[0] && loss[2] <= 0.85 * loss[0], "seed {seed}");
    }
}

#[test]
fn adaptive_adagrad_stalls_behind_the_others() {
    let epochs = until("adaptive");
    for seed in SEEDS {
        let loss: Vec<f32> = runs("adaptive", "", seed).into_iter().map(|(_, mut t)| after(&mut t, epochs).train_loss).collect();
        println!(
            "adaptive seed {seed}: loss after {epochs} epochs adagrad {:.3}, rmsprop {:.3}, adadelta {:.3}, adam {:.3}",
            loss[0], loss[1], loss[2], loss[3]
        );
        assert!(loss[1..].iter().all(|&l| l <= loss[0] - 0.05), "seed {seed}");
    }
}

#[test]
fn schedules_the_constant_rate_rattles_late_where_step_decay_is_smooth() {
    let epochs = until("schedules");
    for seed in SEEDS {
        let curves: Vec<Vec<StepStats>> = runs("schedules", "", seed).into_iter().map(|(_, mut t)| train(&mut t, epochs)).collect();
        // The mean change of the training loss from one epoch to the next, over the last 100.
        let jumps: Vec<f32> = curves
            .iter()
            .map(|c| c[c.len() - 100..].windows(2).map(|w| (w[1].train_loss - w[0].train_loss).abs()).sum::<f32>() / 99.0)
            .collect();
        println!(
            "schedules seed {seed}: mean |Δloss| per epoch over epochs {}-{epochs}: constant {:.4}, step {:.4}, cosine {:.4} (constant / step {:.0})",
            epochs - 100,
            jumps[0],
            jumps[1],
            jumps[2],
            jumps[0] / jumps[1]
        );
        assert!(jumps[0] >= 5.0 * jumps[1], "seed {seed}");
    }
}

#[test]
fn lr_finder_suggests_a_rate_that_trains_well_before_the_loss_shoots_up() {
    for seed in SEEDS {
        let (_, mut t) = runs("lr-finder", "", seed).remove(0);
        let r = t.lr_range_test(1e-5, 10.0, 200);
        let (at_min, lowest) = r.points[20..].iter().copied().min_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
        let end = r.points.last().unwrap().1;
        // Where the loss shoots up: first above 1.5 times its lowest, after the lowest.
        let (up, _) = r.points.iter().copied().skip_while(|p| p.0 <= at_min).find(|p| p.1 > 1.5 * lowest).unwrap();
        t.set_learning_rate(r.suggested);
        let trained = after(&mut t, 100);
        println!(
            "lr-finder seed {seed}: lowest loss {lowest:.3} at rate {at_min:.3}, suggestion {:.4}, loss above 1.5× lowest from rate {up:.2}, {end:.2} at the end; loss after 100 epochs at the suggestion {:.3} (chance {:.3})",
            r.suggested, trained.train_loss, trained.chance_loss
        );
        assert!((r.suggested - at_min / 10.0).abs() <= 1e-6 * at_min, "seed {seed}: a tenth of the rate at the lowest loss");
        assert!(end >= 2.0 * lowest && r.suggested <= up / 10.0, "seed {seed}: the loss shoots up, well after the suggestion");
        assert!(trained.train_loss <= 0.95 * trained.chance_loss, "seed {seed}: the suggestion trains");
    }
}

#[test]
fn vanishing_sigmoid_gradients_shrink_hundreds_of_thousands_of_times_and_relu_he_keeps_them() {
    let epochs = until("vanishing");
    for seed in SEEDS {
        let mut ratios = Vec::new();
        for (_, mut t) in runs("vanishing", "", seed) {
            t.track_grad_norms(true);
            train(&mut t, epochs);
            let g = t.grad_norms().unwrap();
            ratios.push(g[0] / g[g.len() - 1]);
        }
        println!(
            "vanishing seed {seed}: first/output layer gradient after {epochs} epochs sigmoid {:.1e} (1/{:.0}), relu + he {:.2}",
            ratios[0],
            1.0 / ratios[0],
            ratios[1]
        );
        assert!(ratios[0] <= 1e-5, "seed {seed}");
        assert!((0.1..=10.0).contains(&ratios[1]), "seed {seed}");
    }
}

#[test]
fn overfitting_l2_and_dropout_hold_the_validation_loss_down() {
    let epochs = until("overfitting");
    for seed in SEEDS {
        let curves: Vec<Vec<StepStats>> = runs("overfitting", "", seed).into_iter().map(|(_, mut t)| train(&mut t, epochs)).collect();
        let val: Vec<f32> = curves.iter().map(|c| c.last().unwrap().val_loss.unwrap()).collect();
        let best_none = curves[0].iter().map(|s| s.val_loss.unwrap()).fold(f32::INFINITY, f32::min);
        let train0 = curves[0].last().unwrap().train_loss;
        println!(
            "overfitting seed {seed}: after {epochs} epochs no cure train {train0:.3} validation {:.3} (best {best_none:.3}); l2 validation {:.3}; dropout {:.3}",
            val[0], val[1], val[2]
        );
        assert!(val[0] >= 1.4 * best_none && train0 <= 0.5 * best_none, "seed {seed}: the unregularised run overfits");
        assert!(val[1] <= 0.75 * val[0] && val[2] <= 0.75 * val[0], "seed {seed}");
    }
}

#[test]
fn early_stopping_stops_fifty_epochs_after_the_best_and_restores_it() {
    for seed in SEEDS {
        let (_, mut t) = runs("early-stopping", "", seed).remove(0);
        let curve = train(&mut t, 1000);
        let end = curve.last().unwrap();
        let (best_epoch, best) = curve.iter().filter(|s| !s.stopped_early).fold((0, f32::INFINITY), |b, s| {
            if s.val_loss.unwrap() < b.1 {
                (s.epoch, s.val_loss.unwrap())
            } else {
                b
            }
        });
        println!("early-stopping seed {seed}: best validation loss {best:.3} at epoch {best_epoch}, stopped after {} epochs, restored epoch {} with {:.3}", curve.len(), end.epoch, end.val_loss.unwrap());
        assert!(end.stopped_early && curve.len() == best_epoch + 50, "seed {seed}");
        assert!(end.epoch == best_epoch && (end.val_loss.unwrap() - best).abs() < 1e-6, "seed {seed}");
    }
}

#[test]
fn batchnorm_lets_eight_sigmoid_layers_learn() {
    let epochs = until("batchnorm");
    for seed in SEEDS {
        let a: Vec<f32> = runs("batchnorm", "", seed).into_iter().map(|(_, mut t)| acc(&after(&mut t, epochs))).collect();
        println!("batchnorm seed {seed}: accuracy after {epochs} epochs without {:.2}, with {:.2}", a[0], a[1]);
        assert!(a[0] <= 0.6 && a[1] >= 0.95, "seed {seed}");
    }
}

//! Epochs of shuffled minibatches, learning-rate schedules, early stopping and
//! divergence detection around one [`Network`]. Longer than most files: the trainer's
//! loop, its figures and the breakdown it watches for belong to one state (its tests are
//! in `trainer/tests.rs`).

use super::matrix::Matrix;
use super::metrics::{accuracy, chance_loss, ConfusionMatrix, InstabilityWatch};
use super::network::Network;
use super::optim::{AnyOptimizer, Optimizer, OptimizerKind, OptimizerSettings};
use super::rng::Rng;
use super::schedule::Schedule;

/// True when no value is NaN or infinite: the largest magnitude's bit pattern stays below
/// infinity's. Written as a branch-free unsigned max so it vectorises (an early-exit loop
/// does not); it runs on every training step.
#[inline(never)]
pub fn all_finite(xs: &[f32]) -> bool {
    const ABS: u32 = 0x7fff_ffff;
    const INF: u32 = 0x7f80_0000;
    xs.iter().fold(0u32, |top, x| top.max(x.to_bits() & ABS)) < INF
}

/// Inputs and targets, one example per row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Samples {
    /// Features, `n × inputs`.
    pub inputs: Matrix,
    /// Targets, `n × outputs` (a 0/1 label, a value, or a one-hot row).
    pub targets: Matrix,
}

impl Samples {
    /// Number of examples.
    pub fn len(&self) -> usize {
        self.inputs.rows()
    }

    /// True when there are no examples.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Stop when the watched loss (validation, else test) has not improved for `patience` epochs, and go back to the
/// weights of the best epoch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EarlyStopping {
    /// Epochs without improvement tolerated (≥ 1).
    pub patience: usize,
    /// How much lower a test loss must be to count as an improvement.
    pub min_delta: f32,
}

/// How a [`Trainer`] trains.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainerConfig {
    /// Examples per gradient step (1 = per-example SGD; clamped to the training set size).
    pub batch_size: usize,
    /// Optimizer and its hyper-parameters; the learning rate is the schedule's base.
    pub optimizer: OptimizerSettings,
    /// Learning-rate schedule over epochs.
    pub schedule: Schedule,
    /// Early stopping on the test loss, if wanted.
    pub early_stopping: Option<EarlyStopping>,
    /// The targets are classes (a 0/1 label or a one-hot row), so accuracy is measured;
    /// false for regression.
    pub classify: bool,
}

/// Where training stands after an epoch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepStats {
    /// Epochs completed.
    pub epoch: usize,
    /// Mean loss on the whole training set (no dropout).
    pub train_loss: f32,
    /// Mean loss on the test set (equal to `train_loss` when there is no test set).
    pub test_loss: f32,
    /// Training-set accuracy, for classification.
    pub train_accuracy: Option<f32>,
    /// Test-set accuracy, for classification.
    pub test_accuracy: Option<f32>,
    /// Mean loss on the validation set, when there is one.
    pub val_loss: Option<f32>,
    /// Validation-set accuracy, for classification with a validation set.
    pub val_accuracy: Option<f32>,
    /// The learning rate used in the last epoch.
    pub learning_rate: f32,
    /// Training broke down and stopped: the loss became NaN or infinite (these are then
    /// the last finite figures), or it went unstable. [`breakdown`](Self::breakdown) says
    /// which, and why.
    pub diverged: bool,
    /// Early stopping ended training; the best epoch's weights are back in place.
    pub stopped_early: bool,
    /// The loss of knowing nothing on the training set ([`chance_loss`]): the scale the
    /// curves are read on.
    pub chance_loss: f32,
    /// How and why training broke down, when it did.
    pub breakdown: Option<Breakdown>,
}

/// A weight (or bias) larger than this in magnitude is too large: hundreds of times the
/// spread of any initialisation here (about 1/√fan-in), far beyond what training on
/// inputs of size 1 makes, and enough to saturate every neuron it feeds.
pub const LARGE_WEIGHT: f32 = 1e3;

/// Weights above [`LARGE_WEIGHT`] (or not finite) found in a network.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LargeWeights {
    /// How many.
    pub count: usize,
    /// The largest magnitude.
    pub largest: f32,
    /// The layer it is in, 1 for the first hidden layer.
    pub layer: usize,
}

impl LargeWeights {
    /// The network's weights and biases above [`LARGE_WEIGHT`], if any.
    pub fn find(net: &Network) -> Option<LargeWeights> {
        let params = net.params();
        let mut found: Option<LargeWeights> = None;
        for (l, layer) in net.layers().iter().enumerate() {
            for &w in params[layer.weights.clone()].iter().chain(&params[layer.biases.clone()]) {
                let size = if w.is_finite() { w.abs() } else { f32::INFINITY };
                if size > LARGE_WEIGHT {
                    let f = found.get_or_insert(LargeWeights { count: 0, largest: 0.0, layer: l + 1 });
                    f.count += 1;
                    if size > f.largest {
                        f.largest = size;
                        f.layer = l + 1;
                    }
                }
            }
        }
        found
    }
}

/// What made a run break down.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Cause {
    /// Steps too large for the optimizer: the learning rate.
    LearningRate,
    /// Weights too large before training moved them (loaded or typed), not the rate.
    Weights(LargeWeights),
}

/// How and why a [`Trainer`] stopped a run that broke down.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Breakdown {
    /// The loss became NaN or infinite; otherwise it went unstable (it swung, or grew far
    /// above its start: see [`InstabilityWatch`]).
    pub non_finite: bool,
    /// What caused it.
    pub cause: Cause,
    /// The epoch it broke down in.
    pub epoch: usize,
    /// The learning rate then.
    pub learning_rate: f32,
    /// The optimizer.
    pub optimizer: OptimizerKind,
}

impl Breakdown {
    /// Why, and what to do, in a sentence for a student.
    pub fn reason(&self) -> String {
        match self.cause {
            Cause::LearningRate => {
                format!("The learning rate ({}) is too high for {}: divide it by 10 and reset.", self.learning_rate, self.optimizer.name())
            }
            Cause::Weights(w) => {
                let count = if w.count == 1 { "a weight".to_string() } else { format!("{} weights", w.count) };
                format!(
                    "The weights are too large, not the learning rate: {count} above {LARGE_WEIGHT} in magnitude, the largest {:e} in layer {}. Reset to fresh weights or type smaller ones.",
                    w.largest, w.layer
                )
            }
        }
    }
}

/// What a learning-rate range test measured.
#[derive(Clone, Debug, PartialEq)]
pub struct LrRange {
    /// `(rate, smoothed loss)` per step, the rate growing.
    pub points: Vec<(f32, f32)>,
    /// The suggested learning rate.
    pub suggested: f32,
}

impl StepStats {
    /// The loss early stopping and the best epoch go by: validation when there is a
    /// validation set, else test.
    pub fn watched_loss(&self) -> f32 {
        self.val_loss.unwrap_or(self.test_loss)
    }
}

/// Trains one network on one dataset. Cheap to clone: a clone continues independently.
#[derive(Clone, Debug)]
pub struct Trainer {
    net: Network,
    opt: AnyOptimizer,
    config: TrainerConfig,
    base_lr: f32,
    train: Samples,
    test: Samples,
    val: Samples,
    rng: Rng,
    order: Vec<usize>,
    cursor: usize,
    batch_x: Matrix,
    batch_y: Matrix,
    epoch: usize,
    epoch_start: Vec<f32>,
    best: Option<(f32, usize, Vec<f32>)>,
    /// The figures of the epoch early stopping stopped at, before the best epoch's weights
    /// came back.
    stopped_at: Option<StepStats>,
    stats: StepStats,
    /// An epoch ended since the figures were last evaluated.
    stale: bool,
    /// The learning rate of the last completed epoch.
    last_lr: f32,
    /// Per-layer gradient norms, when tracked.
    norms: Option<GradNorms>,
    /// Per hidden layer, the histogram of the weighted sums over the training set, when
    /// asked for.
    sums: Option<SumHistograms>,
    /// The test set's confusion matrix at the last evaluation (classification).
    confusion: Option<ConfusionMatrix>,
    /// The training loss's evaluations, watched for instability.
    watch: InstabilityWatch,
    /// Weights too large when the network was put in or edited, if any.
    large: Option<LargeWeights>,
}

/// The range and bins of [`Trainer::sum_histograms`].
pub const SUM_RANGE: (f32, f32) = (-6.0, 6.0);
/// Bins of [`Trainer::sum_histograms`].
pub const SUM_BINS: usize = 48;

/// Histograms of each hidden layer's weighted sums (what goes into the activation).
#[derive(Clone, Debug, Default, PartialEq)]
struct SumHistograms {
    bins: Vec<Vec<u32>>,
}

impl SumHistograms {
    /// Counts the sums of the last forward pass; sums outside the range go to the end bins.
    fn count(&mut self, net: &Network) {
        let hidden = net.layers().len() - 1;
        self.bins.resize(hidden, Vec::new());
        let (lo, hi) = SUM_RANGE;
        for (l, bins) in self.bins.iter_mut().enumerate() {
            bins.clear();
            bins.resize(SUM_BINS, 0);
            for &z in net.weighted_sums(l).as_slice() {
                if z.is_finite() {
                    let b = ((z - lo) / (hi - lo) * SUM_BINS as f32).floor().clamp(0.0, (SUM_BINS - 1) as f32) as usize;
                    bins[b] += 1;
                }
            }
        }
    }
}

/// Running sums of each weight matrix's gradient norm over an epoch's steps.
#[derive(Clone, Debug, Default)]
struct GradNorms {
    sums: Vec<f64>,
    steps: usize,
    /// The means of the last completed epoch.
    last: Vec<f32>,
}

impl GradNorms {
    fn add(&mut self, net: &Network) {
        let grads = net.grads();
        self.sums.resize(net.layers().len(), 0.0);
        for (sum, layer) in self.sums.iter_mut().zip(net.layers()) {
            *sum += grads[layer.weights.clone()].iter().map(|&g| g as f64 * g as f64).sum::<f64>().sqrt();
        }
        self.steps += 1;
    }

    fn finish_epoch(&mut self) {
        let steps = self.steps.max(1) as f64;
        self.last = self.sums.iter().map(|s| (s / steps) as f32).collect();
        self.sums.iter_mut().for_each(|s| *s = 0.0);
        self.steps = 0;
    }
}

impl Trainer {
    /// A trainer for `net` on `train`, evaluated on `test`; `rng` drives shuffling and dropout.
    pub fn new(net: Network, config: TrainerConfig, train: Samples, test: Samples, rng: Rng) -> Self {
        assert!(!train.is_empty(), "Trainer: the training set is empty");
        assert_eq!(train.inputs.cols(), net.config().inputs, "Trainer: training inputs do not fit the network");
        assert_eq!(train.targets.cols(), net.config().outputs, "Trainer: training targets do not fit the network");
        if !test.is_empty() {
            assert_eq!(test.inputs.cols(), net.config().inputs, "Trainer: test inputs do not fit the network");
            assert_eq!(test.targets.cols(), net.config().outputs, "Trainer: test targets do not fit the network");
        }
        let opt = AnyOptimizer::new(&config.optimizer, net.params().len());
        let base_lr = config.optimizer.learning_rate;
        let order = (0..train.len()).collect();
        let mut t = Trainer {
            epoch_start: net.params().to_vec(),
            net,
            opt,
            base_lr,
            config,
            train,
            test,
            val: Samples::default(),
            rng,
            order,
            cursor: 0,
            batch_x: Matrix::default(),
            batch_y: Matrix::default(),
            epoch: 0,
            best: None,
            stopped_at: None,
            stale: false,
            last_lr: base_lr,
            norms: None,
            sums: None,
            confusion: None,
            stats: StepStats {
                epoch: 0,
                train_loss: 0.0,
                test_loss: 0.0,
                train_accuracy: None,
                test_accuracy: None,
                val_loss: None,
                val_accuracy: None,
                learning_rate: base_lr,
                diverged: false,
                stopped_early: false,
                chance_loss: f32::NAN,
                breakdown: None,
            },
            watch: InstabilityWatch::default(),
            large: None,
        };
        t.stats.chance_loss = chance_loss(t.net.config().loss, &t.train.targets);
        t.refresh_stats();
        t.start_watching();
        t
    }

    /// Early stopping starts from the current weights and figures.
    fn start_watching(&mut self) {
        if self.config.early_stopping.is_some() {
            self.best = Some((self.stats.watched_loss(), self.epoch, self.net.params().to_vec()));
        }
    }

    /// Sets a validation set: its loss is measured every epoch and, when there is one,
    /// early stopping watches it instead of the test loss (a model is never tuned on the
    /// test set). An empty set removes it.
    pub fn set_validation(&mut self, val: Samples) {
        if !val.is_empty() {
            assert_eq!(val.inputs.cols(), self.net.config().inputs, "Trainer: validation inputs do not fit the network");
            assert_eq!(val.targets.cols(), self.net.config().outputs, "Trainer: validation targets do not fit the network");
        }
        self.val = val;
        self.refresh_stats();
        self.start_watching();
    }

    /// The validation set (empty when there is none).
    pub fn validation_set(&self) -> &Samples {
        &self.val
    }

    /// The network being trained.
    pub fn network(&self) -> &Network {
        &self.net
    }

    /// The network, mutable (to edit a weight by hand, say).
    pub fn network_mut(&mut self) -> &mut Network {
        &mut self.net
    }

    /// Puts in a network of the same shape (loaded weights, say): the figures are
    /// evaluated again and early stopping starts from it. The optimizer's state stays.
    pub fn replace_network(&mut self, net: Network) {
        assert_eq!(net.params().len(), self.net.params().len(), "replace_network: another shape");
        self.net = net;
        self.epoch_start.copy_from_slice(self.net.params());
        self.refresh_stats();
        self.start_watching();
    }

    /// The figures as last evaluated (epoch 0: before training). Training steps do not
    /// evaluate on their own; [`update_stats`](Self::update_stats) does, once per call.
    pub fn stats(&self) -> StepStats {
        self.stats
    }

    /// Evaluates the losses and accuracies if an epoch ended since the last evaluation,
    /// and returns the figures. A non-finite loss here also counts as divergence, and each
    /// evaluation's training loss is watched for instability ([`InstabilityWatch`]): an
    /// unstable run stops too, with its figures and weights as they are. (Training many
    /// epochs between evaluations, as [`train_epochs`](Self::train_epochs) does, gives
    /// the watch less to see.)
    pub fn update_stats(&mut self) -> StepStats {
        if self.stale && !self.stats.diverged {
            self.stale = false;
            let mut stats = self.evaluate_stats();
            stats.learning_rate = self.last_lr;
            if !stats.train_loss.is_finite() || !stats.test_loss.is_finite() || !stats.watched_loss().is_finite() {
                self.epoch = self.epoch.saturating_sub(1);
                return self.diverge();
            }
            self.stats = stats;
            if self.watch.push(stats.train_loss, Some(stats.chance_loss)) {
                // Unstable: the figures (finite) and the weights stay as they are.
                self.break_down(false);
                return self.stats;
            }
            self.watch_for_early_stop();
        }
        self.stats
    }

    /// Where early stopping stopped, if it did: that epoch's figures (`patience` epochs
    /// after the best one, whose weights and figures are back in [`stats`](Self::stats)).
    pub fn stopped_at(&self) -> Option<StepStats> {
        self.stopped_at
    }

    /// Epochs completed.
    pub fn epoch(&self) -> usize {
        self.epoch
    }

    /// True once training diverged or stopped early: further steps do nothing.
    pub fn is_finished(&self) -> bool {
        self.stats.diverged || self.stats.stopped_early
    }

    /// The base learning rate (before the schedule).
    pub fn learning_rate(&self) -> f32 {
        self.base_lr
    }

    /// Changes the base learning rate; takes effect at the next step, nothing is reset.
    pub fn set_learning_rate(&mut self, lr: f32) {
        self.base_lr = lr;
    }

    /// Replaces the data (same widths), keeping the network and optimizer state: for points
    /// a user adds or removes while training. The current epoch restarts its shuffle.
    pub fn set_data(&mut self, train: Samples, test: Samples) {
        assert!(!train.is_empty(), "Trainer: the training set is empty");
        assert_eq!(train.inputs.cols(), self.train.inputs.cols(), "Trainer: new training inputs have another width");
        assert_eq!(train.targets.cols(), self.train.targets.cols(), "Trainer: new training targets have another width");
        self.order = (0..train.len()).collect();
        self.cursor = 0;
        self.train = train;
        self.test = test;
        self.stats.chance_loss = chance_loss(self.net.config().loss, &self.train.targets);
        self.refresh_stats();
    }

    /// Re-evaluates the figures after the weights were changed by hand: the watch for
    /// instability starts again from them, and weights too large are noted
    /// ([`large_weights`](Self::large_weights)).
    pub fn refresh_stats(&mut self) -> StepStats {
        self.stats = self.evaluate_stats();
        self.large = LargeWeights::find(&self.net);
        self.watch.restart();
        self.watch.push(self.stats.train_loss, Some(self.stats.chance_loss));
        self.stats
    }

    /// Weights (or biases) above [`LARGE_WEIGHT`] when the network was last put in or
    /// edited (a loaded or typed model): a breakdown is then blamed on them.
    pub fn large_weights(&self) -> Option<LargeWeights> {
        self.large
    }

    /// Trains for at most `budget` time units as measured by `now` (milliseconds from
    /// `performance.now()` on the page), and at most `max_epochs` epochs. Returns the
    /// number of epochs completed. Time is checked between minibatches, so one step is
    /// the most the budget can be overrun by.
    pub fn train_for(&mut self, budget: f64, max_epochs: usize, now: &dyn Fn() -> f64) -> usize {
        let start = now();
        let mut done = 0;
        while done < max_epochs && !self.is_finished() {
            if self.step() {
                done += 1;
            }
            if now() - start >= budget {
                break;
            }
        }
        done
    }

    /// One minibatch step. Returns true when it completed an epoch (or training stopped).
    /// The figures are evaluated lazily ([`update_stats`](Self::update_stats)), except
    /// with early stopping, which needs the test loss of every epoch.
    pub fn step(&mut self) -> bool {
        if self.is_finished() {
            return true;
        }
        if self.cursor == 0 {
            self.rng.shuffle(&mut self.order);
            self.epoch_start.copy_from_slice(self.net.params());
        }
        self.next_batch();
        let n = self.train.len();
        let lr = self.config.schedule.rate(self.base_lr, self.epoch);
        self.net.forward(&self.batch_x, Some(&mut self.rng));
        self.net.backpropagate(&self.batch_y);
        // A NaN or infinity anywhere in the pass reaches the gradient.
        if !all_finite(self.net.grads()) {
            self.diverge();
            return true;
        }
        if let Some(norms) = &mut self.norms {
            norms.add(&self.net);
        }
        let (params, grads) = self.net.params_and_grads();
        self.opt.step(lr, params, grads);
        if self.cursor < n {
            return false;
        }
        self.cursor = 0;
        if let Some(norms) = &mut self.norms {
            norms.finish_epoch();
        }
        self.epoch += 1;
        self.last_lr = lr;
        self.stale = true;
        if self.config.early_stopping.is_some() {
            self.update_stats();
        }
        true
    }

    /// Gathers the next minibatch of the shuffled order into `batch_x`/`batch_y`.
    fn next_batch(&mut self) {
        let n = self.train.len();
        let end = (self.cursor + self.config.batch_size.max(1)).min(n);
        self.batch_x.gather_rows(&self.train.inputs, &self.order[self.cursor..end]);
        self.batch_y.gather_rows(&self.train.targets, &self.order[self.cursor..end]);
        self.cursor = end;
    }

    /// The learning-rate range test (Smith 2017): on a copy of this trainer (so the
    /// weights here stay as they are), `steps` minibatch steps with the rate growing
    /// exponentially from `lo` to `hi`, recording each batch's loss before its step,
    /// smoothed (an exponential average, bias-corrected). It stops early once the loss
    /// explodes (four times its best, or not finite). The suggested rate is a tenth of
    /// the rate at the lowest smoothed loss after the first tenth of the steps: fast,
    /// but clear of the edge where training turns unstable.
    pub fn lr_range_test(&self, lo: f32, hi: f32, steps: usize) -> LrRange {
        assert!(lo > 0.0 && hi > lo && steps >= 2, "lr_range_test: needs 0 < lo < hi and 2 or more steps");
        let mut t = self.clone();
        t.norms = None;
        let mut points: Vec<(f32, f32)> = Vec::with_capacity(steps);
        let (mut avg, mut best) = (0.0f64, f32::INFINITY);
        const BETA: f64 = 0.98;
        for i in 0..steps {
            let lr = (lo as f64 * (hi as f64 / lo as f64).powf(i as f64 / (steps - 1) as f64)) as f32;
            if t.cursor == 0 {
                t.rng.shuffle(&mut t.order);
            }
            t.next_batch();
            if t.cursor >= t.train.len() {
                t.cursor = 0;
            }
            t.net.forward(&t.batch_x, Some(&mut t.rng));
            let loss = t.net.backward(&t.batch_y);
            if !loss.is_finite() || !all_finite(t.net.grads()) {
                break;
            }
            avg = BETA * avg + (1.0 - BETA) * loss as f64;
            let smooth = (avg / (1.0 - BETA.powi(i as i32 + 1))) as f32;
            points.push((lr, smooth));
            best = best.min(smooth);
            if smooth > 4.0 * best {
                break;
            }
            let (params, grads) = t.net.params_and_grads();
            t.opt.step(lr, params, grads);
        }
        // The first tenth of the steps is the average's warm-up: a lucky first batch is
        // no minimum.
        let skip = (steps / 10).min(points.len().saturating_sub(1));
        let at_best = points[skip..].iter().min_by(|a, b| a.1.total_cmp(&b.1)).map_or(lo, |p| p.0);
        LrRange { points, suggested: (at_best / 10.0).max(lo) }
    }

    /// Trains several runs in lock-step, so that a comparison stays fair: the first
    /// unfinished run trains for a share of `budget` (at most `max_epochs` epochs), then
    /// every other unfinished run trains until it has completed as many epochs. Returns
    /// the epochs the leader completed. Each run's own results are exactly those of the
    /// same run trained alone.
    pub fn train_in_step(runs: &mut [&mut Trainer], budget: f64, max_epochs: usize, now: &dyn Fn() -> f64) -> usize {
        let open = runs.iter().filter(|t| !t.is_finished()).count().max(1);
        let Some(lead) = runs.iter().position(|t| !t.is_finished()) else { return 0 };
        let done = runs[lead].train_for(budget / open as f64, max_epochs, now);
        let target = runs[lead].epoch();
        for t in runs.iter_mut() {
            while t.epoch() < target && !t.is_finished() {
                while !t.step() {}
            }
        }
        done
    }

    /// Trains one whole epoch (finishing the current one if a step was taken mid-epoch)
    /// and evaluates it.
    pub fn train_epoch(&mut self) -> StepStats {
        while !self.step() {}
        self.update_stats()
    }

    /// Trains up to `epochs` epochs, stopping early on divergence or early stopping, and
    /// evaluates the result.
    pub fn train_epochs(&mut self, epochs: usize) -> StepStats {
        for _ in 0..epochs {
            if self.is_finished() {
                break;
            }
            while !self.step() {}
        }
        self.update_stats()
    }

    /// Mean loss and accuracy (classification only) on a set, without dropout.
    pub fn evaluate(&mut self, samples: &Samples) -> (f32, Option<f32>) {
        if samples.is_empty() {
            return (f32::NAN, None);
        }
        let output = self.net.config().output;
        let pred = self.net.forward(&samples.inputs, None);
        let acc = self.config.classify.then(|| accuracy(output, pred, &samples.targets));
        (self.net.loss(&samples.targets), acc)
    }

    /// Starts (or stops) measuring each weight matrix's gradient norm: how strongly each
    /// layer is being trained. Off by default, as it costs a pass over the gradient per
    /// step.
    pub fn track_grad_norms(&mut self, on: bool) {
        self.norms = on.then(GradNorms::default);
    }

    /// For each weight matrix, input side first: the mean over the last completed epoch's
    /// steps of ‖∂E/∂W‖ (the Frobenius norm of the gradient a step used, penalty
    /// included). `None` until an epoch completes with tracking on.
    pub fn grad_norms(&self) -> Option<&[f32]> {
        self.norms.as_ref().map(|n| &n.last[..]).filter(|l| !l.is_empty())
    }

    /// Starts (or stops) counting each hidden layer's weighted sums over the training set
    /// at every evaluation, for [`sum_histograms`](Self::sum_histograms).
    pub fn track_sums(&mut self, on: bool) {
        self.sums = on.then(SumHistograms::default);
        if on {
            self.refresh_stats();
        }
    }

    /// Per hidden layer: how many of the training set's weighted sums fall in each of
    /// [`SUM_BINS`] equal bins over [`SUM_RANGE`] (the ends take what lies beyond), at
    /// the last evaluation. `None` unless tracked.
    pub fn sum_histograms(&self) -> Option<&[Vec<u32>]> {
        self.sums.as_ref().map(|h| &h.bins[..])
    }

    /// The test set's confusion matrix at the last evaluation (classification with a
    /// test set).
    pub fn confusion(&self) -> Option<&ConfusionMatrix> {
        self.confusion.as_ref()
    }

    /// True when the targets are classes (accuracy is measured), false for regression.
    pub fn classifies(&self) -> bool {
        self.config.classify
    }

    /// The training set.
    pub fn train_set(&self) -> &Samples {
        &self.train
    }

    /// The test set.
    pub fn test_set(&self) -> &Samples {
        &self.test
    }

    fn evaluate_stats(&mut self) -> StepStats {
        let train = std::mem::take(&mut self.train);
        let (train_loss, train_accuracy) = self.evaluate(&train);
        if let Some(h) = &mut self.sums {
            h.count(&self.net);
        }
        self.train = train;
        let (test_loss, test_accuracy) = if self.test.is_empty() {
            (train_loss, train_accuracy)
        } else {
            let test = std::mem::take(&mut self.test);
            let r = self.evaluate(&test);
            self.test = test;
            r
        };
        // The test set's confusion matrix, from the predictions just made.
        self.confusion = (self.config.classify && !self.test.is_empty()).then(|| {
            let net = &self.net;
            let classes = net.config().outputs.max(2);
            ConfusionMatrix::new(net.config().output, classes, net.activations(net.layers().len() - 1), &self.test.targets)
        });
        let (val_loss, val_accuracy) = if self.val.is_empty() {
            (None, None)
        } else {
            let val = std::mem::take(&mut self.val);
            let (l, a) = self.evaluate(&val);
            self.val = val;
            (Some(l), a)
        };
        StepStats { epoch: self.epoch, train_loss, test_loss, train_accuracy, test_accuracy, val_loss, val_accuracy, ..self.stats }
    }

    fn diverge(&mut self) -> StepStats {
        // Put back the last weights that gave finite losses, so what is shown still works.
        let start = std::mem::take(&mut self.epoch_start);
        self.net.set_params(&start);
        self.epoch_start = start;
        self.cursor = 0;
        self.break_down(true);
        self.stats
    }

    /// Stops training as broken down, blaming weights that were too large from the start,
    /// else the learning rate.
    fn break_down(&mut self, non_finite: bool) {
        let cause = self.large.map_or(Cause::LearningRate, Cause::Weights);
        self.stats.diverged = true;
        self.stats.breakdown = Some(Breakdown {
            non_finite,
            cause,
            epoch: self.epoch,
            learning_rate: if non_finite { self.config.schedule.rate(self.base_lr, self.epoch) } else { self.last_lr },
            optimizer: self.config.optimizer.kind,
        });
    }

    fn watch_for_early_stop(&mut self) {
        let Some(es) = self.config.early_stopping else { return };
        let loss = self.stats.watched_loss();
        match &mut self.best {
            Some((best, at, params)) if loss >= *best - es.min_delta => {
                if self.epoch - *at >= es.patience.max(1) {
                    let (at, params) = (*at, params.clone());
                    self.stopped_at = Some(self.stats);
                    self.net.set_params(&params);
                    self.epoch = at;
                    self.refresh_stats();
                    self.stats.stopped_early = true;
                }
            }
            _ => self.best = Some((loss, self.epoch, self.net.params().to_vec())),
        }
    }
}

#[cfg(test)]
mod tests;

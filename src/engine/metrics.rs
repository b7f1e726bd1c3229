//! Measures of how well predictions match targets, and what a run's curves say. Longer
//! than most files: the verdicts' thresholds and the history they read are one piece, and
//! half of the file is their tests on synthetic and real runs.

use super::loss::{Loss, Output};
use super::matrix::Matrix;
use super::trainer::Breakdown;

/// The class a prediction row stands for: 0/1 for one output (the side of ½, midway
/// between the labels 0 and 1), the arg-max for a softmax.
pub fn predicted_class(output: Output, row: &[f32]) -> usize {
    match output {
        Output::Sigmoid | Output::Tanh | Output::Identity => (row[0] >= 0.5) as usize,
        Output::Softmax => argmax(row),
    }
}

/// The class a target row stands for: the label for one column, the hot index for one-hot.
pub fn target_class(row: &[f32]) -> usize {
    if row.len() == 1 {
        (row[0] >= 0.5) as usize
    } else {
        argmax(row)
    }
}

fn argmax(row: &[f32]) -> usize {
    let mut best = 0;
    for (i, v) in row.iter().enumerate() {
        if *v > row[best] {
            best = i;
        }
    }
    best
}

/// Share of rows whose predicted class is the target class (0 for no rows).
pub fn accuracy(output: Output, predictions: &Matrix, targets: &Matrix) -> f32 {
    assert_eq!(predictions.rows(), targets.rows(), "accuracy: row counts differ");
    if predictions.rows() == 0 {
        return 0.0;
    }
    let right = (0..predictions.rows()).filter(|&i| predicted_class(output, predictions.row(i)) == target_class(targets.row(i))).count();
    right as f32 / predictions.rows() as f32
}

/// Counts of (true class, predicted class) pairs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfusionMatrix {
    /// Number of classes K.
    pub classes: usize,
    /// `counts[t * K + p]`: examples of true class t predicted as p.
    pub counts: Vec<u32>,
}

impl ConfusionMatrix {
    /// Tallies the predictions of a K-class problem.
    pub fn new(output: Output, classes: usize, predictions: &Matrix, targets: &Matrix) -> Self {
        assert_eq!(predictions.rows(), targets.rows(), "confusion: row counts differ");
        let mut counts = vec![0; classes * classes];
        for i in 0..predictions.rows() {
            let (t, p) = (target_class(targets.row(i)), predicted_class(output, predictions.row(i)));
            counts[t.min(classes - 1) * classes + p.min(classes - 1)] += 1;
        }
        ConfusionMatrix { classes, counts }
    }

    /// Examples of true class `t` predicted as `p`.
    pub fn get(&self, t: usize, p: usize) -> u32 {
        self.counts[t * self.classes + p]
    }

    /// Share of examples on the diagonal.
    pub fn accuracy(&self) -> f32 {
        let total: u32 = self.counts.iter().sum();
        let right: u32 = (0..self.classes).map(|k| self.get(k, k)).sum();
        if total == 0 {
            0.0
        } else {
            right as f32 / total as f32
        }
    }
}

/// One epoch's losses in a [`LossHistory`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LossPoint {
    /// Epochs completed.
    pub epoch: usize,
    /// Mean training loss.
    pub train: f32,
    /// Mean test loss.
    pub test: f32,
    /// Mean validation loss, when there is a validation set.
    pub val: Option<f32>,
}

impl LossPoint {
    /// The loss early stopping and the best epoch watch: validation's, else test's.
    pub fn watched(&self) -> f32 {
        self.val.unwrap_or(self.test)
    }
}

impl From<&super::trainer::StepStats> for LossPoint {
    fn from(s: &super::trainer::StepStats) -> LossPoint {
        LossPoint { epoch: s.epoch, train: s.train_loss, test: s.test_loss, val: s.val_loss }
    }
}

/// A bounded record of each epoch's losses: when full, every other point is dropped and
/// the spacing doubles, so hour-long runs keep a fixed size and the whole run.
#[derive(Clone, Debug, PartialEq)]
pub struct LossHistory {
    points: Vec<LossPoint>,
    capacity: usize,
    stride: usize,
    /// Early stopping: the epoch training stopped at and the best epoch whose weights
    /// came back (the curve keeps every epoch up to the stop).
    early_stop: Option<(usize, usize)>,
}

impl LossHistory {
    /// An empty history of at most `capacity` (≥ 4) points.
    pub fn new(capacity: usize) -> Self {
        LossHistory { points: Vec::with_capacity(capacity), capacity: capacity.max(4), stride: 1, early_stop: None }
    }

    /// Records an epoch's losses. The newest point is always kept; older ones only where
    /// their epoch falls on the current spacing.
    pub fn push(&mut self, point: LossPoint) {
        let epoch = point.epoch;
        if self.points.last().is_some_and(|p| p.epoch >= epoch) {
            // A reset or a rewind: forget what came after.
            self.points.retain(|p| p.epoch < epoch);
            self.early_stop = None;
        }
        if self.points.last().is_some_and(|p| p.epoch % self.stride != 0) {
            self.points.pop(); // the previous newest point was off the spacing
        }
        self.points.push(point);
        if self.points.len() >= self.capacity {
            self.stride *= 2;
            let stride = self.stride;
            self.points.retain(|p| p.epoch % stride == 0 || p.epoch == epoch);
        }
    }

    /// The recorded points, oldest first.
    pub fn points(&self) -> &[LossPoint] {
        &self.points
    }

    /// What the curves say, from the history alone ([`read`] without the chance loss or
    /// the trainer's breakdown: the starting loss stands in for the chance loss).
    pub fn reading(&self) -> Reading {
        read(&self.points, None, None)
    }

    /// What the curves say, knowing the chance loss and any breakdown from the run's
    /// latest figures ([`StepStats`](super::trainer::StepStats)).
    pub fn reading_for(&self, last: &super::trainer::StepStats) -> Reading {
        read(&self.points, Some(last.chance_loss), last.breakdown.as_ref())
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        self.points.clear();
        self.stride = 1;
        self.early_stop = None;
    }

    /// Notes that early stopping brought back the weights of epoch `best`: the curve keeps
    /// the epochs after it, up to the stop, which justified stopping.
    pub fn mark_early_stop(&mut self, best: usize) {
        let stop = self.points.last().map_or(best, |p| p.epoch);
        self.early_stop = Some((stop, best));
    }

    /// Where early stopping stopped and which epoch's weights came back, if it did.
    pub fn early_stop(&self) -> Option<(usize, usize)> {
        self.early_stop
    }
}

/// The loss of knowing nothing: always answering the training targets' average (the
/// class shares, or the mean). For cross-entropy that is the entropy of the class shares
/// (ln 2 for two balanced classes, ln K for K), for squared error half the targets'
/// variance. A network whose loss stays here has learned nothing.
pub fn chance_loss(loss: Loss, targets: &Matrix) -> f32 {
    let (n, k) = (targets.rows(), targets.cols());
    if n == 0 {
        return f32::NAN;
    }
    let mean: Vec<f64> = (0..k).map(|j| (0..n).map(|i| targets.row(i)[j] as f64).sum::<f64>() / n as f64).collect();
    let plogp = |p: f64| if p > 0.0 { p * p.ln() } else { 0.0 };
    let value = match loss {
        Loss::Mse => {
            (0..k).map(|j| (0..n).map(|i| (targets.row(i)[j] as f64 - mean[j]).powi(2)).sum::<f64>() / n as f64).sum::<f64>() * 0.5
        }
        Loss::BinaryCrossEntropy => mean.iter().map(|&p| -plogp(p) - plogp(1.0 - p)).sum(),
        Loss::SoftmaxCrossEntropy => -mean.iter().map(|&p| plogp(p)).sum::<f64>(),
    };
    value as f32
}

/// Evaluations of the training loss in the window [`InstabilityWatch`] looks for swings in.
pub const SWING_WINDOW: usize = 10;
/// Evaluations whose median [`InstabilityWatch`] compares with the start to see growth.
pub const GROWTH_WINDOW: usize = 5;

/// Watches the training loss, one evaluation at a time, for a run gone unstable. Both
/// tests measure the loss in units of its chance loss `c` (the loss's own scale: ln 2 for
/// two classes), so they mean the same for every loss and class count:
/// - it swings: over the last [`SWING_WINDOW`] evaluations the median is at or above
///   `c` (most of the time the network does no better than knowing nothing) and the loss
///   rose by at least `c/2` above an earlier low of the window (it jumps);
/// - it grew: the median of the last [`GROWTH_WINDOW`] evaluations is more than `2c`
///   above the larger of its start and `c`.
///
/// A healthy run, even one with per-example steps or a rare spike, does neither: its
/// loss stays well under `c` once it learns, and a single spike does not move a median.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InstabilityWatch {
    start: Option<f32>,
    /// The last evaluations, oldest first (fixed size: watching allocates nothing).
    recent: [f32; SWING_WINDOW],
    len: usize,
}

impl InstabilityWatch {
    /// Starts again (new weights, new data).
    pub fn restart(&mut self) {
        self.start = None;
        self.len = 0;
    }

    /// Adds an evaluated training loss; `chance` is the chance loss (when it is unknown or
    /// zero, the starting loss is the scale). True when the run has gone unstable.
    /// Losses that are not finite are left to divergence and ignored here.
    pub fn push(&mut self, loss: f32, chance: Option<f32>) -> bool {
        if !loss.is_finite() {
            return false;
        }
        let start = *self.start.get_or_insert(loss);
        if self.len == SWING_WINDOW {
            self.recent.copy_within(1.., 0);
            self.len -= 1;
        }
        self.recent[self.len] = loss;
        self.len += 1;
        let c = chance.filter(|c| c.is_finite() && *c > 1e-6).unwrap_or(start);
        if c <= 0.0 {
            return false;
        }
        let recent = &self.recent[..self.len];
        let median = |xs: &[f32]| {
            let mut v = [0.0f32; SWING_WINDOW];
            v[..xs.len()].copy_from_slice(xs);
            let v = &mut v[..xs.len()];
            v.sort_by(f32::total_cmp);
            v[v.len() / 2]
        };
        if recent.len() >= GROWTH_WINDOW && median(&recent[recent.len() - GROWTH_WINDOW..]) > start.max(c) + 2.0 * c {
            return true;
        }
        if recent.len() == SWING_WINDOW && median(recent) >= c {
            let mut low = f32::INFINITY;
            let mut rise = 0.0f32;
            for &l in recent {
                rise = rise.max(l - low);
                low = low.min(l);
            }
            return rise >= 0.5 * c;
        }
        false
    }
}

/// What a run's learning curves show, in the order [`read`] tries them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The loss became NaN or infinite.
    Diverged,
    /// The training loss swings, or grew far above its start (see [`InstabilityWatch`]).
    Unstable,
    /// Not enough epochs to tell (or still on the chance-level plateau many runs start on).
    TooEarly,
    /// The training loss stays flat at about the chance loss: nothing is learned.
    CannotLearn,
    /// The losses are flat while still high: more than half the chance loss.
    Underfitting,
    /// The watched loss (validation, else test) rises while the training loss falls.
    Overfitting,
    /// The training loss is still falling.
    Improving,
    /// The losses have flattened low.
    Converged,
}

impl Verdict {
    /// The name in the command line's report.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Diverged => "diverged",
            Verdict::Unstable => "unstable",
            Verdict::TooEarly => "too-early",
            Verdict::CannotLearn => "cannot-learn",
            Verdict::Underfitting => "underfitting",
            Verdict::Overfitting => "overfitting",
            Verdict::Improving => "improving",
            Verdict::Converged => "converged",
        }
    }
}

/// What the learning curves say: a verdict and one line for a student, saying what to try.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    /// The verdict.
    pub verdict: Verdict,
    /// What the curves show and what to try.
    pub text: String,
    /// The epoch with the lowest watched loss (validation, else test).
    pub best_epoch: usize,
    /// The generalisation gap now: watched loss minus training loss.
    pub gap: f32,
}

/// A fall of the training loss, over the recent window, below this share of the chance
/// loss counts as flat.
pub const FLAT: f32 = 0.02;
/// A flat training loss at or above this share of the chance loss has learned nothing.
pub const CHANCE_LEVEL: f32 = 0.9;
/// A flat training loss at or above this share of the chance loss is underfitting.
pub const HIGH_LEVEL: f32 = 0.5;
/// Epochs before a flat loss at the chance level counts as "cannot learn": many networks
/// sit on that plateau for a while before they start.
pub const PLATEAU_EPOCHS: usize = 50;

/// Reads a run's losses, oldest first, into one [`Verdict`]. `chance` is the chance loss
/// ([`chance_loss`]; without it the starting training loss stands in), `breakdown` what
/// the trainer found when it stopped the run. In order:
/// - diverged: the trainer says the loss became non-finite, or a point is not finite;
/// - unstable: the trainer stopped the run as unstable, or the training losses fail
///   [`InstabilityWatch`];
/// - too early: under 5 points or 10 epochs;
/// - the recent window is the last fifth of the epochs (at least 10); the training loss's
///   fall over it is the least-squares line's, and it is flat when that fall is under
///   [`FLAT`] of the chance loss;
/// - cannot learn: flat at [`CHANCE_LEVEL`] of the chance loss or above, after
///   [`PLATEAU_EPOCHS`] (before that: too early);
/// - underfitting: flat at [`HIGH_LEVEL`] of the chance loss or above;
/// - overfitting: the watched loss has risen above its best by 5 % (and 2 % of the
///   chance loss) for at least a fifth of the run (10 epochs), while the training loss
///   went on falling;
/// - improving: the training loss is not flat;
/// - converged: otherwise.
pub fn read(points: &[LossPoint], chance: Option<f32>, breakdown: Option<&Breakdown>) -> Reading {
    let which = if points.iter().any(|p| p.val.is_some()) { "validation" } else { "test" };
    let finite: Vec<&LossPoint> = points.iter().filter(|p| p.train.is_finite() && p.watched().is_finite()).collect();
    let (best_epoch, best) = finite.iter().fold((0, f32::INFINITY), |b, p| if p.watched() < b.1 { (p.epoch, p.watched()) } else { b });
    let gap = finite.last().map_or(0.0, |p| p.watched() - p.train);
    let reading = |verdict: Verdict, text: String| Reading { verdict, text, best_epoch, gap };
    let chance = chance.filter(|c| c.is_finite() && *c > 1e-6);
    let rate_advice = "The learning rate is probably too high: divide it by 10 and reset.";
    if breakdown.is_some_and(|b| b.non_finite) || finite.len() < points.len() {
        let why = breakdown.map_or(rate_advice.to_string(), Breakdown::reason);
        return reading(Verdict::Diverged, format!("Diverged: the loss overflowed and can no longer be computed. {why}"));
    }
    let mut watch = InstabilityWatch::default();
    if breakdown.is_some() || finite.iter().any(|p| watch.push(p.train, chance)) {
        let why = breakdown.map_or(rate_advice.to_string(), Breakdown::reason);
        return reading(Verdict::Unstable, format!("Unstable: the loss jumps about or grows instead of falling. {why}"));
    }
    let Some(last) = finite.last() else {
        return reading(Verdict::TooEarly, "No losses yet: press play.".into());
    };
    if finite.len() < 5 || last.epoch < 10 {
        return reading(Verdict::TooEarly, "Too early to tell: train a few more epochs.".into());
    }
    let scale = chance.unwrap_or(finite[0].train.max(1e-6));
    let level = match chance {
        Some(c) => format!("the chance loss {c:.3} (what always answering the average costs)"),
        None => format!("where it started ({:.3})", finite[0].train),
    };
    let from = last.epoch.saturating_sub((last.epoch / 5).max(10));
    let window: Vec<(f32, f32)> = finite.iter().filter(|p| p.epoch >= from).map(|p| (p.epoch as f32, p.train)).collect();
    let (fall, end) = fitted_fall(&window);
    let flat = fall < FLAT * scale;
    if flat && end >= CHANCE_LEVEL * scale {
        if last.epoch < PLATEAU_EPOCHS {
            return reading(
                Verdict::TooEarly,
                format!("Too early to tell: the training loss is still at {level}. Many networks sit there a while: train on."),
            );
        }
        return reading(
            Verdict::CannotLearn,
            format!(
                "Cannot learn: the training loss stays at {level}. This network cannot express the answer: check the biases, the activation, the features and the depth (or raise a tiny learning rate)."
            ),
        );
    }
    if flat && end >= HIGH_LEVEL * scale {
        return reading(
            Verdict::Underfitting,
            format!(
                "Underfitting: both losses have stopped falling while still high (training {end:.3}, over half of {level}). Try a bigger network, other features or another learning rate."
            ),
        );
    }
    let train_at_best = finite.iter().find(|p| p.epoch == best_epoch).map_or(last.train, |p| p.train);
    let since = last.epoch - best_epoch;
    if last.watched() > best + (0.05 * best).max(0.02 * scale) && since >= (last.epoch / 5).max(10) && last.train < train_at_best {
        return reading(
            Verdict::Overfitting,
            format!(
                "Overfitting since epoch {best_epoch}: the {which} loss rises while the training loss falls. Stop at the best epoch, regularise (L2, dropout), or get more data."
            ),
        );
    }
    if !flat {
        return reading(Verdict::Improving, "Still improving: the training loss is still falling; train on.".into());
    }
    reading(
        Verdict::Converged,
        format!(
            "Converged: the losses have flattened; the {which} loss is {gap:.3} above the training loss. More epochs will not help: to do better, change the network, the features or the data."
        ),
    )
}

/// The fall of the least-squares line through `(epoch, loss)` points from the first
/// epoch to the last, and the line's value at the last.
fn fitted_fall(points: &[(f32, f32)]) -> (f32, f32) {
    let n = points.len() as f64;
    let last = points.last().map_or(0.0, |p| p.1);
    if points.len() < 2 {
        return (0.0, last);
    }
    let mx = points.iter().map(|p| p.0 as f64).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1 as f64).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 as f64 - mx).powi(2)).sum();
    if sxx == 0.0 {
        return (0.0, last);
    }
    let slope = points.iter().map(|p| (p.0 as f64 - mx) * (p.1 as f64 - my)).sum::<f64>() / sxx;
    let (x0, x1) = (points[0].0 as f64, points[points.len() - 1].0 as f64);
    ((-slope * (x1 - x0)) as f32, (my + slope * (x1 - mx)) as f32)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// Points from `f(epoch) = (train, watched)` for epochs 0..=last.
    fn curve(last: usize, f: &dyn Fn(f32) -> (f32, f32)) -> Vec<LossPoint> {
        (0..=last).map(|e| (e, f(e as f32))).map(|(epoch, (train, test))| LossPoint { epoch, train, test, val: None }).collect()
    }

    const LN2: f32 = std::f32::consts::LN_2;

    #[test]
    fn early_stopping_keeps_the_curve_up_to_the_stop_and_marks_both_epochs() {
        let mut h = LossHistory::new(100);
        for e in 0..=30 {
            h.push(LossPoint { epoch: e, train: 1.0 / (1 + e) as f32, test: 0.5 + (e as f32 - 20.0).abs() / 100.0, val: None });
        }
        h.mark_early_stop(20);
        assert_eq!(h.points().last().map(|p| p.epoch), Some(30), "the epochs after the best stay");
        assert_eq!(h.early_stop(), Some((30, 20)));
        h.push(LossPoint { epoch: 0, train: 1.0, test: 1.0, val: None });
        assert_eq!(h.early_stop(), None, "a reset forgets it");
    }

    #[test]
    fn each_verdict_from_a_synthetic_history() {
        let chance = Some(LN2);
        let verdict = |points: &[LossPoint]| read(points, chance, None).verdict;
        // Diverged: a loss that is not a number.
        let mut nan = curve(30, &|e| (0.7 - e / 100.0, 0.7));
        nan[20].train = f32::NAN;
        assert_eq!(verdict(&nan), Verdict::Diverged);
        // Unstable: swinging between 0.5 and 2 around the chance loss.
        let swing = curve(40, &|e| if (e as usize).is_multiple_of(2) { (0.5, 0.5) } else { (2.0, 2.0) });
        assert_eq!(verdict(&swing), Verdict::Unstable);
        // Unstable: growing far above its start.
        assert_eq!(verdict(&curve(40, &|e| (0.7 + e / 5.0, 0.7 + e / 5.0))), Verdict::Unstable);
        // One spike in a healthy run, or a fast fall from a bad start, is not instability.
        let mut spike = curve(200, &|e| (0.7 * (-e / 30.0).exp(), 0.75 * (-e / 30.0).exp()));
        spike[100].train = 1.5;
        assert_ne!(verdict(&spike), Verdict::Unstable);
        assert_ne!(verdict(&curve(100, &|e| (5.0 * (-e / 10.0).exp(), 5.0 * (-e / 10.0).exp()))), Verdict::Unstable);
        // Cannot learn: flat at the chance loss, the test loss drifting up.
        let flat = curve(200, &|e| (LN2 - e / 20_000.0, LN2 + e / 5_000.0));
        assert_eq!(verdict(&flat), Verdict::CannotLearn);
        // …but on that plateau early on, it is too early to tell.
        assert_eq!(verdict(&flat[..31]), Verdict::TooEarly);
        // Underfitting: flat well below chance but above half of it.
        assert_eq!(verdict(&curve(200, &|e| (0.45 + 0.25 * (-e / 10.0).exp(), 0.47 + 0.25 * (-e / 10.0).exp()))), Verdict::Underfitting);
        // Overfitting: the test loss bottoms out at 80 and climbs while training falls.
        let over = curve(200, &|e| (1.0 / (1.0 + e / 10.0), 0.3 + ((e - 80.0) / 100.0).powi(2)));
        let r = read(&over, chance, None);
        assert_eq!((r.verdict, r.best_epoch), (Verdict::Overfitting, 80));
        assert!(r.text.starts_with("Overfitting since epoch 80: the test loss rises"), "{}", r.text);
        // Improving: falling throughout.
        assert_eq!(verdict(&curve(200, &|e| (0.7 * (-e / 100.0).exp(), 0.75 * (-e / 100.0).exp()))), Verdict::Improving);
        // Converged: dropped, then flat and low.
        let done = curve(200, &|e| (0.05 + 0.65 * (-e / 10.0).exp(), 0.1 + 0.65 * (-e / 10.0).exp()));
        let r = read(&done, chance, None);
        assert_eq!(r.verdict, Verdict::Converged);
        assert!(r.text.contains("0.050 above") && (r.gap - 0.05).abs() < 1e-3, "{}", r.text);
        // Too early, and nothing yet.
        assert_eq!(verdict(&curve(0, &|_| (0.7, 0.7))), Verdict::TooEarly);
        assert!(read(&[], chance, None).text.starts_with("No losses"));
    }

    #[test]
    fn every_verdict_says_what_to_try() {
        let rate = Breakdown {
            non_finite: false,
            cause: super::super::trainer::Cause::LearningRate,
            epoch: 12,
            learning_rate: 3.0,
            optimizer: crate::engine::OptimizerKind::Adam,
        };
        let calm = curve(30, &|_| (0.6, 0.6));
        let r = read(&calm, Some(LN2), Some(&rate));
        assert_eq!(r.verdict, Verdict::Unstable, "the trainer's word counts");
        assert!(r.text.contains("learning rate (3) is too high for adam: divide it by 10"), "{}", r.text);
        let r = read(&calm, Some(LN2), Some(&Breakdown { non_finite: true, ..rate }));
        assert_eq!(r.verdict, Verdict::Diverged);
        let weights = super::super::trainer::LargeWeights { count: 1, largest: 3e38, layer: 2 };
        let r =
            read(&calm, Some(LN2), Some(&Breakdown { non_finite: true, cause: super::super::trainer::Cause::Weights(weights), ..rate }));
        assert!(r.text.contains("weights are too large, not the learning rate") && r.text.contains("3e38 in layer 2"), "{}", r.text);
        assert!(!r.text.contains("(3)"), "{}", r.text);
    }

    #[test]
    fn the_chance_loss_is_what_answering_the_average_costs() {
        let labels = Matrix::from_rows(&[vec![0.0], vec![1.0], vec![1.0], vec![0.0]]);
        assert!((chance_loss(Loss::BinaryCrossEntropy, &labels) - LN2).abs() < 1e-6);
        assert!((chance_loss(Loss::Mse, &labels) - 0.125).abs() < 1e-6, "half the variance ¼");
        let hot = Matrix::from_rows(&[vec![1.0, 0.0, 0.0], vec![0.0, 1.0, 0.0], vec![0.0, 0.0, 1.0]]);
        assert!((chance_loss(Loss::SoftmaxCrossEntropy, &hot) - 3f32.ln()).abs() < 1e-6);
        let one_class = Matrix::from_rows(&[vec![1.0], vec![1.0]]);
        assert_eq!(chance_loss(Loss::BinaryCrossEntropy, &one_class), 0.0);
    }

    /// Trains a settings string through the engine as the command line does (each epoch's
    /// figures, until training stops) and reads the curves.
    #[cfg(not(target_arch = "wasm32"))]
    fn trained(settings: &str, epochs: usize) -> Reading {
        let mut t = crate::config::Settings::parse(settings).unwrap().trainer().unwrap();
        let mut history = LossHistory::new(10_000);
        history.push((&t.stats()).into());
        for _ in 0..epochs {
            if t.is_finished() {
                break;
            }
            let s = t.train_epoch();
            if !s.stopped_early && s.breakdown.is_none_or(|b| !b.non_finite) {
                history.push((&s).into());
            }
        }
        history.reading_for(&t.stats())
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn real_runs_are_read_right_on_every_seed() {
        let cases: [(&str, usize, &[Verdict]); 5] = [
            ("lesson=bias&dataset=circle&layers=6&activation=tanh&bias=off&optimizer=adam&lr=0.03", 100, &[Verdict::CannotLearn]),
            ("dataset=circle&optimizer=adam&lr=3", 100, &[Verdict::Unstable]),
            ("dataset=circle&layers=4,2&optimizer=sgd&lr=10", 100, &[Verdict::Unstable, Verdict::Diverged]),
            ("dataset=circle&noise=40&points=300&train=30&val=20&layers=16,16,16&optimizer=adam&lr=0.01", 150, &[Verdict::Overfitting]),
            ("dataset=circle", 200, &[Verdict::Improving, Verdict::Converged]),
        ];
        for (settings, epochs, want) in cases {
            for seed in 1..=3 {
                let r = trained(&format!("{settings}&seed={seed}"), epochs);
                assert!(want.contains(&r.verdict), "{settings} seed {seed}: {:?}: {}", r.verdict, r.text);
            }
        }
    }

    #[test]
    fn loss_history_stays_bounded_and_spans_the_run() {
        let at = |epoch: usize, train: f32, test: f32| LossPoint { epoch, train, test, val: None };
        let mut h = LossHistory::new(100);
        for e in 0..=100_000 {
            h.push(at(e, 1.0 / (e as f32 + 1.0), 0.5));
            assert!(h.points().len() <= 100);
        }
        let p = h.points();
        assert_eq!(p[0].epoch, 0);
        assert_eq!(p.last().unwrap().epoch, 100_000);
        assert!(p.windows(2).all(|w| w[0].epoch < w[1].epoch));
        assert!(p.len() >= 40, "still detailed: {} points", p.len());
        // Going back (reset) drops the future.
        h.push(at(0, 9.0, 9.0));
        assert_eq!(h.points(), &[at(0, 9.0, 9.0)]);
    }

    #[test]
    fn a_history_with_validation_is_read_on_the_validation_loss() {
        // The test loss keeps falling; the validation loss turns up at epoch 60.
        let mut h = LossHistory::new(600);
        for e in 0..=200 {
            let x = e as f32;
            h.push(LossPoint {
                epoch: e,
                train: 1.0 / (1.0 + x / 10.0),
                test: 1.0 / (1.0 + x / 12.0),
                val: Some(0.3 + ((x - 60.0) / 100.0).powi(2)),
            });
        }
        let r = h.reading();
        assert_eq!(r.best_epoch, 60);
        assert!(r.text.starts_with("Overfitting since epoch 60: the validation loss rises"), "{}", r.text);
        // Without validation the same history is read on the test loss, which keeps
        // falling: no overfitting.
        let mut t = LossHistory::new(600);
        h.points().iter().for_each(|p| t.push(LossPoint { val: None, ..*p }));
        assert_eq!(t.reading().verdict, Verdict::Converged, "{}", t.reading().text);
    }

    #[test]
    fn binary_and_multiclass_by_hand() {
        let pred = Matrix::from_rows(&[vec![0.9], vec![0.2], vec![0.6], vec![0.4]]);
        let t = Matrix::from_rows(&[vec![1.0], vec![0.0], vec![0.0], vec![1.0]]);
        assert_eq!(accuracy(Output::Sigmoid, &pred, &t), 0.5);
        let cm = ConfusionMatrix::new(Output::Sigmoid, 2, &pred, &t);
        assert_eq!(cm.counts, vec![1, 1, 1, 1]);
        let pred = Matrix::from_rows(&[vec![0.1, 0.7, 0.2], vec![0.5, 0.3, 0.2], vec![0.2, 0.2, 0.6]]);
        let t = Matrix::from_rows(&[vec![0.0, 1.0, 0.0], vec![0.0, 0.0, 1.0], vec![0.0, 0.0, 1.0]]);
        let cm = ConfusionMatrix::new(Output::Softmax, 3, &pred, &t);
        assert_eq!(cm.get(1, 1), 1);
        assert_eq!(cm.get(2, 0), 1);
        assert_eq!(cm.get(2, 2), 1);
        assert!((cm.accuracy() - 2.0 / 3.0).abs() < 1e-6);
        assert!((accuracy(Output::Softmax, &pred, &t) - 2.0 / 3.0).abs() < 1e-6);
    }
}

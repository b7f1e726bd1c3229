//! Measures of how well predictions match targets.

use super::loss::Output;
use super::matrix::Matrix;

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
}

impl LossHistory {
    /// An empty history of at most `capacity` (≥ 4) points.
    pub fn new(capacity: usize) -> Self {
        LossHistory { points: Vec::with_capacity(capacity), capacity: capacity.max(4), stride: 1 }
    }

    /// Records an epoch's losses. The newest point is always kept; older ones only where
    /// their epoch falls on the current spacing.
    pub fn push(&mut self, point: LossPoint) {
        let epoch = point.epoch;
        if self.points.last().is_some_and(|p| p.epoch >= epoch) {
            // A reset or a rewind (early stopping): forget what came after.
            self.points.retain(|p| p.epoch < epoch);
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

    /// What the curves say ([`read_curves`] on the training and the watched losses).
    pub fn reading(&self) -> CurveReading {
        let which = if self.points.iter().any(|p| p.val.is_some()) { "validation" } else { "test" };
        let points: Vec<(usize, f32, f32)> = self.points.iter().map(|p| (p.epoch, p.train, p.watched())).collect();
        read_curves(&points, which)
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        self.points.clear();
        self.stride = 1;
    }
}

/// What the learning curves say, in one line for a student.
#[derive(Clone, Debug, PartialEq)]
pub struct CurveReading {
    /// The epoch with the lowest watched loss (validation, else test).
    pub best_epoch: usize,
    /// The generalisation gap now: watched loss minus training loss.
    pub gap: f32,
    /// What the curves show.
    pub text: String,
}

/// Reads `(epoch, training loss, watched loss)` points, oldest first (`watched` is the
/// validation loss when there is a validation set, `which` names it):
/// - overfitting: the watched loss has risen well above its best for a while, while the
///   training loss went on falling;
/// - still improving: the training loss fell by more than 2 % over the last fifth;
/// - underfitting: both are flat, and training never got below 70 % of where it began;
/// - otherwise the losses have flattened: converged.
pub fn read_curves(points: &[(usize, f32, f32)], which: &str) -> CurveReading {
    let finite: Vec<(usize, f32, f32)> = points.iter().copied().filter(|p| p.1.is_finite() && p.2.is_finite()).collect();
    let Some(&(last_epoch, last_train, last_watched)) = finite.last() else {
        return CurveReading { best_epoch: 0, gap: 0.0, text: "No losses yet: press play.".into() };
    };
    let (best_epoch, best) = finite.iter().fold((0, f32::INFINITY), |b, p| if p.2 < b.1 { (p.0, p.2) } else { b });
    let gap = last_watched - last_train;
    let reading = |text: String| CurveReading { best_epoch, gap, text };
    if finite.len() < 5 || last_epoch < 10 {
        return reading("Too early to tell: train a few more epochs.".into());
    }
    let train_at_best = finite.iter().find(|p| p.0 == best_epoch).map_or(last_train, |p| p.1);
    let since = last_epoch - best_epoch;
    if last_watched > best * 1.05 + 1e-4 && since >= (last_epoch / 5).max(10) && last_train < train_at_best {
        return reading(format!(
            "Overfitting since epoch {best_epoch}: the {which} loss rises while the training loss falls. Stop at the best epoch, regularise, or get more data."
        ));
    }
    let fifth = finite[finite.len() - 1 - (finite.len() - 1) / 5];
    let first_train = finite[0].1;
    if last_train < fifth.1 * 0.98 {
        return reading("Still improving: the training loss is still falling.".into());
    }
    if last_train > 0.7 * first_train {
        return reading(
            "Underfitting: both losses are high and flat. Try a bigger network, other features or another learning rate.".into(),
        );
    }
    reading(format!("Converged: the losses have flattened; the {which} loss is {gap:.3} above the training loss."))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_curves_are_read_aloud() {
        let curve = |f: &dyn Fn(f32) -> (f32, f32)| (0..=200).map(|e| (e, f(e as f32).0, f(e as f32).1)).collect::<Vec<_>>();
        // Falling throughout.
        let r = read_curves(&curve(&|e| (1.0 / (1.0 + e / 10.0), 1.1 / (1.0 + e / 10.0))), "test");
        assert!(r.text.starts_with("Still improving"), "{}", r.text);
        // Test loss bottoms out at 80 and climbs while training keeps falling.
        let r = read_curves(&curve(&|e| (1.0 / (1.0 + e / 10.0), 0.3 + ((e - 80.0) / 100.0).powi(2))), "validation");
        assert_eq!(r.best_epoch, 80);
        assert!(r.text.starts_with("Overfitting since epoch 80: the validation loss rises"), "{}", r.text);
        // Flat and high.
        let r = read_curves(&curve(&|_| (0.69, 0.7)), "test");
        assert!(r.text.starts_with("Underfitting"), "{}", r.text);
        // Dropped, then flat.
        let r = read_curves(&curve(&|e| (0.1 + 0.9 * (-e / 10.0).exp(), 0.15 + 0.9 * (-e / 10.0).exp())), "test");
        assert!(r.text.starts_with("Converged") && r.text.contains("0.050 above"), "{}", r.text);
        assert!((r.gap - 0.05).abs() < 1e-3);
        assert!(read_curves(&[(0, 0.7, 0.7)], "test").text.starts_with("Too early"));
        assert!(read_curves(&[], "test").text.starts_with("No losses"));
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
        // Without validation the same history is read on the test loss: still improving.
        let mut t = LossHistory::new(600);
        h.points().iter().for_each(|p| t.push(LossPoint { val: None, ..*p }));
        assert!(t.reading().text.starts_with("Still improving"), "{}", t.reading().text);
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

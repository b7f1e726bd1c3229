//! Datasets: seeded generators on the square [−6, 6]², the train/test split, and the
//! input features computed from each point's (x1, x2).

use crate::engine::{Matrix, Rng, Samples};
use std::f32::consts::PI;

/// Half the width of the square every dataset lives in.
pub const DOMAIN: f32 = 6.0;

/// The datasets, by the name the settings string uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DatasetKind {
    /// A disc of one class inside a ring of the other.
    Circle,
    /// Four quadrants, same-sign quadrants one class.
    Xor,
    /// Two Gaussian clusters.
    Gauss,
    /// Interleaved spiral arms (two, or K with `classes`).
    Spiral,
    /// Two interleaving half-moons.
    Moons,
    /// K Gaussian blobs on a circle, one class each.
    Blobs,
    /// Regression: a tilted plane.
    RegPlane,
    /// Regression: a mixture of Gaussian bumps and dips.
    RegGauss,
    /// Your own points, imported from a CSV file (never generated; not in [`ALL`](Self::ALL)).
    Custom,
}

/// What kind of answer a dataset asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Two classes, labels 0 and 1.
    Binary,
    /// K ≥ 3 classes, labels 0..K.
    MultiClass(usize),
    /// A real value in [−1, 1].
    Regression,
}

impl Problem {
    /// Number of classes (0 for regression).
    pub fn classes(self) -> usize {
        match self {
            Problem::Binary => 2,
            Problem::MultiClass(k) => k,
            Problem::Regression => 0,
        }
    }
}

impl DatasetKind {
    /// Every dataset, in the order the UI shows them.
    pub const ALL: [DatasetKind; 8] = [
        DatasetKind::Circle,
        DatasetKind::Xor,
        DatasetKind::Gauss,
        DatasetKind::Spiral,
        DatasetKind::Moons,
        DatasetKind::Blobs,
        DatasetKind::RegPlane,
        DatasetKind::RegGauss,
    ];

    /// The name used in settings strings.
    pub fn name(self) -> &'static str {
        match self {
            DatasetKind::Circle => "circle",
            DatasetKind::Xor => "xor",
            DatasetKind::Gauss => "gauss",
            DatasetKind::Spiral => "spiral",
            DatasetKind::Moons => "moons",
            DatasetKind::Blobs => "blobs",
            DatasetKind::RegPlane => "reg-plane",
            DatasetKind::RegGauss => "reg-gauss",
            DatasetKind::Custom => "custom",
        }
    }

    /// Parses a settings name (a generator's, or `custom`).
    pub fn from_name(s: &str) -> Option<DatasetKind> {
        DatasetKind::ALL.into_iter().chain([DatasetKind::Custom]).find(|d| d.name() == s)
    }

    /// True for the datasets with a real-valued target.
    pub fn is_regression(self) -> bool {
        matches!(self, DatasetKind::RegPlane | DatasetKind::RegGauss)
    }

    /// True for the datasets that can have more than two classes.
    pub fn allows_classes(self) -> bool {
        matches!(self, DatasetKind::Spiral | DatasetKind::Blobs)
    }

    /// The number of classes when the settings do not say.
    pub fn default_classes(self) -> usize {
        match self {
            DatasetKind::Blobs => 3,
            _ => 2,
        }
    }

    /// The problem this dataset poses with `classes` classes.
    pub fn problem(self, classes: usize) -> Problem {
        if self.is_regression() {
            Problem::Regression
        } else if classes > 2 {
            Problem::MultiClass(classes)
        } else {
            Problem::Binary
        }
    }
}

/// One example: a position and its label (a class index as a float, or the target value).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    /// First coordinate, in [−6, 6] before noise.
    pub x1: f32,
    /// Second coordinate.
    pub x2: f32,
    /// Class index (0, 1, …) or regression target in [−1, 1].
    pub label: f32,
}

/// Splits `n` into `k` near-equal parts (the first parts get the remainder).
fn share(n: usize, k: usize, i: usize) -> usize {
    n / k + usize::from(i < n % k)
}

/// Generates `n` points of a dataset. `noise` is a fraction in [0, 0.5] (the UI's percent / 100).
pub fn generate(kind: DatasetKind, classes: usize, n: usize, noise: f32, rng: &mut Rng) -> Vec<Point> {
    let mut pts = Vec::with_capacity(n);
    match kind {
        DatasetKind::Circle => {
            let r = 5.0;
            for class in 0..2 {
                for _ in 0..share(n, 2, class) {
                    // Class 1 is the inner disc, class 0 the outer ring.
                    let radius = if class == 1 { rng.uniform(0.0, 0.5 * r) } else { rng.uniform(0.7 * r, r) };
                    let angle = rng.uniform(0.0, 2.0 * PI);
                    let (x1, x2) = (radius * angle.sin(), radius * angle.cos());
                    let (n1, n2) = (rng.uniform(-r, r) * noise, rng.uniform(-r, r) * noise);
                    pts.push(Point { x1: x1 + n1, x2: x2 + n2, label: class as f32 });
                }
            }
        }
        DatasetKind::Xor => {
            let pad = 0.3;
            let mut counts = [0usize; 2];
            while pts.len() < n {
                let mut x1 = rng.uniform(-5.0, 5.0);
                let mut x2 = rng.uniform(-5.0, 5.0);
                x1 += if x1 > 0.0 { pad } else { -pad };
                x2 += if x2 > 0.0 { pad } else { -pad };
                let class = usize::from(x1 * x2 >= 0.0);
                if counts[class] >= share(n, 2, class) {
                    continue; // keep the two classes balanced
                }
                counts[class] += 1;
                let (n1, n2) = (rng.uniform(-5.0, 5.0) * noise, rng.uniform(-5.0, 5.0) * noise);
                pts.push(Point { x1: x1 + n1, x2: x2 + n2, label: class as f32 });
            }
        }
        DatasetKind::Gauss => {
            // Variance grows from 0.5 (no noise) to 4 (50 % noise).
            let sd = (0.5 + 7.0 * noise).sqrt();
            for (class, c) in [(1usize, 2.0f32), (0, -2.0)] {
                for _ in 0..share(n, 2, 1 - class) {
                    pts.push(Point { x1: rng.normal(c, sd), x2: rng.normal(c, sd), label: class as f32 });
                }
            }
        }
        DatasetKind::Spiral => {
            for class in 0..classes {
                let m = share(n, classes, class);
                let offset = 2.0 * PI * class as f32 / classes as f32;
                for i in 0..m {
                    let f = i as f32 / m as f32;
                    let r = f * 5.0;
                    let t = 1.75 * f * 2.0 * PI + offset;
                    let (n1, n2) = (rng.uniform(-1.0, 1.0) * noise, rng.uniform(-1.0, 1.0) * noise);
                    pts.push(Point { x1: r * t.sin() + n1, x2: r * t.cos() + n2, label: class as f32 });
                }
            }
        }
        DatasetKind::Moons => {
            let scale = 3.5;
            for class in 0..2 {
                for _ in 0..share(n, 2, class) {
                    let t = rng.uniform(0.0, PI);
                    let (x1, x2) = if class == 0 { (t.cos(), t.sin()) } else { (1.0 - t.cos(), 0.5 - t.sin()) };
                    let (x1, x2) = ((x1 - 0.5) * scale, (x2 - 0.25) * scale);
                    let sd = 2.0 * noise;
                    pts.push(Point { x1: x1 + rng.normal(0.0, sd), x2: x2 + rng.normal(0.0, sd), label: class as f32 });
                }
            }
        }
        DatasetKind::Blobs => {
            let sd = 0.4 + 3.0 * noise;
            for class in 0..classes {
                let a = 2.0 * PI * class as f32 / classes as f32 + PI / 2.0;
                let (c1, c2) = (3.5 * a.cos(), 3.5 * a.sin());
                for _ in 0..share(n, classes, class) {
                    pts.push(Point { x1: rng.normal(c1, sd), x2: rng.normal(c2, sd), label: class as f32 });
                }
            }
        }
        // Imported points come from their file.
        DatasetKind::Custom => {}
        DatasetKind::RegPlane | DatasetKind::RegGauss => {
            for _ in 0..n {
                let x1 = rng.uniform(-DOMAIN, DOMAIN);
                let x2 = rng.uniform(-DOMAIN, DOMAIN);
                let label = regression_target(kind, x1, x2);
                let (n1, n2) = (rng.uniform(-DOMAIN, DOMAIN) * noise, rng.uniform(-DOMAIN, DOMAIN) * noise);
                pts.push(Point { x1: x1 + n1, x2: x2 + n2, label });
            }
        }
    }
    pts
}

/// The noise-free target of a regression dataset at (x1, x2), in [−1, 1].
pub fn regression_target(kind: DatasetKind, x1: f32, x2: f32) -> f32 {
    match kind {
        DatasetKind::RegPlane => (x1 + x2) / (2.0 * DOMAIN),
        _ => {
            // Three bumps above, three dips below, alternating.
            const BUMPS: [(f32, f32, f32); 6] =
                [(-4.0, 2.5, 1.0), (0.0, 2.5, -1.0), (4.0, 2.5, 1.0), (-4.0, -2.5, -1.0), (0.0, -2.5, 1.0), (4.0, -2.5, -1.0)];
            let s: f32 =
                BUMPS.iter().map(|&(c1, c2, sign)| sign * (-((x1 - c1).powi(2) + (x2 - c2).powi(2)) / (2.0 * 1.3f32.powi(2))).exp()).sum();
            s.clamp(-1.0, 1.0)
        }
    }
}

/// Shuffles the points and cuts them into a training and a test set;
/// `train_share` is the training fraction (0.1 to 0.9).
pub fn split(points: Vec<Point>, train_share: f32, rng: &mut Rng) -> (Vec<Point>, Vec<Point>) {
    let s = split3(points, train_share, 0.0, rng);
    (s.train, s.test)
}

/// Points cut into the three sets of a run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Split {
    /// What the network learns from.
    pub train: Vec<Point>,
    /// What choices are made on (early stopping, the best epoch); may be empty.
    pub val: Vec<Point>,
    /// What the result is judged on, and nothing else.
    pub test: Vec<Point>,
}

/// Shuffles the points and cuts them into training, validation and test sets by the
/// given fractions (the test set is the rest). With no validation share the cut is the
/// same as [`split`]'s.
pub fn split3(mut points: Vec<Point>, train_share: f32, val_share: f32, rng: &mut Rng) -> Split {
    rng.shuffle(&mut points);
    let n = points.len();
    let n_train = ((n as f32 * train_share).round() as usize).clamp(1.min(n), n);
    let n_val = ((n as f32 * val_share).round() as usize).min(n - n_train);
    let test = points.split_off(n_train + n_val);
    let val = points.split_off(n_train);
    Split { train: points, val, test }
}

/// An input feature computed from a point's coordinates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Feature {
    /// x1.
    X1,
    /// x2.
    X2,
    /// x1².
    X1Sq,
    /// x2².
    X2Sq,
    /// x1·x2.
    X1X2,
    /// sin x1.
    SinX1,
    /// sin x2.
    SinX2,
}

impl Feature {
    /// Every feature, in the order the UI shows them.
    pub const ALL: [Feature; 7] = [Feature::X1, Feature::X2, Feature::X1Sq, Feature::X2Sq, Feature::X1X2, Feature::SinX1, Feature::SinX2];

    /// The name used in settings strings.
    pub fn name(self) -> &'static str {
        match self {
            Feature::X1 => "x1",
            Feature::X2 => "x2",
            Feature::X1Sq => "x1sq",
            Feature::X2Sq => "x2sq",
            Feature::X1X2 => "x1x2",
            Feature::SinX1 => "sinx1",
            Feature::SinX2 => "sinx2",
        }
    }

    /// How the UI writes it.
    pub fn label(self) -> &'static str {
        match self {
            Feature::X1 => "x₁",
            Feature::X2 => "x₂",
            Feature::X1Sq => "x₁²",
            Feature::X2Sq => "x₂²",
            Feature::X1X2 => "x₁x₂",
            Feature::SinX1 => "sin x₁",
            Feature::SinX2 => "sin x₂",
        }
    }

    /// Parses a settings name.
    pub fn from_name(s: &str) -> Option<Feature> {
        Feature::ALL.into_iter().find(|f| f.name() == s)
    }

    /// The feature's value at (x1, x2).
    pub fn value(self, x1: f32, x2: f32) -> f32 {
        match self {
            Feature::X1 => x1,
            Feature::X2 => x2,
            Feature::X1Sq => x1 * x1,
            Feature::X2Sq => x2 * x2,
            Feature::X1X2 => x1 * x2,
            Feature::SinX1 => x1.sin(),
            Feature::SinX2 => x2.sin(),
        }
    }
}

/// Writes the features of (x1, x2) into `out` (one value per feature).
pub fn features_into(features: &[Feature], x1: f32, x2: f32, out: &mut [f32]) {
    for (o, f) in out.iter_mut().zip(features) {
        *o = f.value(x1, x2);
    }
}

/// Turns points into network inputs and targets. With `outputs == 1` the target is the
/// label itself (0/1 or a value); with more, a one-hot row of the class.
pub fn to_samples(points: &[Point], features: &[Feature], outputs: usize) -> Samples {
    let mut inputs = Matrix::zeros(points.len(), features.len());
    let mut targets = Matrix::zeros(points.len(), outputs);
    for (i, p) in points.iter().enumerate() {
        features_into(features, p.x1, p.x2, inputs.row_mut(i));
        if outputs == 1 {
            targets.set(i, 0, p.label);
        } else {
            targets.set(i, (p.label as usize).min(outputs - 1), 1.0);
        }
    }
    Samples { inputs, targets }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_three_way_split_cuts_by_the_shares_and_without_validation_equals_the_two_way_one() {
        let pts = generate(DatasetKind::Circle, 2, 200, 0.0, &mut Rng::new(1));
        let s = split3(pts.clone(), 0.6, 0.15, &mut Rng::new(2));
        assert_eq!((s.train.len(), s.val.len(), s.test.len()), (120, 30, 50));
        let mut all: Vec<(u32, u32)> = s.train.iter().chain(&s.val).chain(&s.test).map(|p| (p.x1.to_bits(), p.x2.to_bits())).collect();
        all.sort_unstable();
        let mut orig: Vec<(u32, u32)> = pts.iter().map(|p| (p.x1.to_bits(), p.x2.to_bits())).collect();
        orig.sort_unstable();
        assert_eq!(all, orig, "every point in exactly one set");
        let two = split(pts.clone(), 0.6, &mut Rng::new(2));
        let three = split3(pts, 0.6, 0.0, &mut Rng::new(2));
        assert_eq!((two.0, two.1), (three.train, three.test));
        assert!(three.val.is_empty());
    }
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn sizes_balance_and_determinism_for_every_dataset() {
        for kind in DatasetKind::ALL {
            let classes_options: &[usize] = if kind.allows_classes() { &[2, 3, 4, 5, 6] } else { &[2] };
            for &k in classes_options {
                for noise in [0.0, 0.25, 0.5] {
                    let a = generate(kind, k, 500, noise, &mut Rng::new(4));
                    let b = generate(kind, k, 500, noise, &mut Rng::new(4));
                    let c = generate(kind, k, 500, noise, &mut Rng::new(5));
                    assert_eq!(a.len(), 500, "{kind:?}");
                    assert_eq!(a, b, "{kind:?}: same seed, same points");
                    if !(kind == DatasetKind::Spiral && noise == 0.0) {
                        // (A noise-free spiral has no randomness at all.)
                        assert_ne!(a, c, "{kind:?}: another seed, other points");
                    }
                    assert!(a.iter().all(|p| p.x1.is_finite() && p.x2.is_finite() && p.label.is_finite()));
                    if kind.is_regression() {
                        assert!(a.iter().all(|p| (-1.0..=1.0).contains(&p.label)));
                        let spread =
                            a.iter().map(|p| p.label).fold(f32::MIN, f32::max) - a.iter().map(|p| p.label).fold(f32::MAX, f32::min);
                        assert!(spread > 1.0, "{kind:?}: targets should vary, spread {spread}");
                    } else {
                        for class in 0..k {
                            let count = a.iter().filter(|p| p.label == class as f32).count();
                            assert!(count.abs_diff(500 / k) <= 1, "{kind:?} k={k}: class {class} has {count}");
                        }
                    }
                    if noise == 0.0 {
                        assert!(a.iter().all(|p| p.x1.abs() <= DOMAIN && p.x2.abs() <= DOMAIN), "{kind:?} stays in the square");
                    }
                }
            }
        }
    }

    #[test]
    fn circle_classes_are_separated_by_radius_without_noise() {
        let pts = generate(DatasetKind::Circle, 2, 400, 0.0, &mut Rng::new(1));
        for p in pts {
            let r = (p.x1 * p.x1 + p.x2 * p.x2).sqrt();
            assert_eq!(p.label == 1.0, r <= 2.5, "r = {r}");
        }
        let xor = generate(DatasetKind::Xor, 2, 400, 0.0, &mut Rng::new(1));
        assert!(xor.iter().all(|p| (p.x1 * p.x2 >= 0.0) == (p.label == 1.0)));
    }

    #[test]
    fn split_respects_the_share_and_loses_nothing() {
        let pts = generate(DatasetKind::Spiral, 2, 500, 0.1, &mut Rng::new(2));
        let (train, test) = split(pts.clone(), 0.3, &mut Rng::new(9));
        assert_eq!((train.len(), test.len()), (150, 350));
        let mut all: Vec<_> = train.iter().chain(&test).map(|p| (p.x1.to_bits(), p.x2.to_bits())).collect();
        let mut orig: Vec<_> = pts.iter().map(|p| (p.x1.to_bits(), p.x2.to_bits())).collect();
        all.sort();
        orig.sort();
        assert_eq!(all, orig);
    }

    #[test]
    fn features_and_targets() {
        let pts = [Point { x1: 2.0, x2: -3.0, label: 2.0 }];
        let s = to_samples(&pts, &Feature::ALL, 3);
        let want = [2.0, -3.0, 4.0, 9.0, -6.0, 2f32.sin(), (-3f32).sin()];
        assert_eq!(s.inputs.row(0), &want);
        assert_eq!(s.targets.row(0), &[0.0, 0.0, 1.0]);
        let s = to_samples(&[Point { x1: 0.0, x2: 0.0, label: 1.0 }], &[Feature::X1], 1);
        assert_eq!(s.targets.row(0), &[1.0]);
        for f in Feature::ALL {
            assert_eq!(Feature::from_name(f.name()), Some(f));
        }
    }
}

//! The loss surface: the loss over a plane through parameter space, and where a run's
//! weights fall on that plane. A network with exactly two weights is seen whole, in its
//! own weights; any other through a slice: two chosen weights, or two random directions
//! scaled neuron by neuron to the size of that neuron's weights (Li et al. 2018,
//! "Visualizing the Loss Landscape of Neural Nets"), so the picture does not depend on
//! how large the weights happen to be.

use super::network::Network;
use super::rng::Rng;
use super::trainer::Samples;

/// A plane in parameter space: `origin + a·d1 + b·d2`.
#[derive(Clone, Debug, PartialEq)]
pub struct Slice {
    /// The point at (0, 0).
    pub origin: Vec<f32>,
    /// The first direction (the horizontal axis).
    pub d1: Vec<f32>,
    /// The second direction (the vertical axis).
    pub d2: Vec<f32>,
    /// What the axes are, for a student (names the weights, or says "random directions").
    pub label: String,
    /// The axes are the weights themselves (their values), not offsets along directions.
    pub absolute: bool,
}

fn unit(n: usize, i: usize) -> Vec<f32> {
    let mut v = vec![0.0; n];
    v[i] = 1.0;
    v
}

impl Slice {
    /// The plane of two weights (flat indices `i`, `j`), everything else as in `net`:
    /// the axes are the two weights' own values.
    pub fn weights(net: &Network, i: usize, j: usize, label: impl Into<String>) -> Slice {
        let n = net.params().len();
        assert!(i < n && j < n && i != j, "Slice::weights: two different parameters");
        let mut origin = net.params().to_vec();
        origin[i] = 0.0;
        origin[j] = 0.0;
        Slice { origin, d1: unit(n, i), d2: unit(n, j), label: label.into(), absolute: true }
    }

    /// The best plane for `net`: its own two weights when it has exactly two parameters,
    /// else two random directions through its current weights, each direction scaled per
    /// neuron to the norm of that neuron's incoming weights (biases and batch
    /// normalization held still).
    pub fn for_network(net: &Network, rng: &mut Rng) -> Slice {
        let n = net.params().len();
        if n == 2 {
            return Slice::weights(net, 0, 1, "the network's only two weights, w₁ and w₂");
        }
        let mut direction = || {
            let mut d = vec![0.0f32; n];
            for layer in net.layers() {
                for j in 0..layer.outputs {
                    let idx: Vec<usize> = (0..layer.inputs).map(|i| layer.weight_index(i, j)).collect();
                    let r: Vec<f32> = idx.iter().map(|_| rng.normal(0.0, 1.0)).collect();
                    let norm_r = r.iter().map(|v| v * v).sum::<f32>().sqrt().max(1e-12);
                    let norm_w = idx.iter().map(|&k| net.params()[k] * net.params()[k]).sum::<f32>().sqrt();
                    for (&k, v) in idx.iter().zip(&r) {
                        d[k] = v / norm_r * norm_w;
                    }
                }
            }
            d
        };
        let (d1, d2) = (direction(), direction());
        Slice {
            origin: net.params().to_vec(),
            d1,
            d2,
            label: "a slice through the weights it was taken at, along two random directions scaled to each neuron's weights".into(),
            absolute: false,
        }
    }

    /// The parameters at (a, b).
    pub fn point(&self, a: f32, b: f32) -> Vec<f32> {
        self.origin.iter().zip(&self.d1).zip(&self.d2).map(|((o, x), y)| o + a * x + b * y).collect()
    }

    /// Where `params` falls on the plane: the (a, b) whose point is nearest (least
    /// squares; exact for points of the plane).
    pub fn project(&self, params: &[f32]) -> (f32, f32) {
        let dot = |u: &[f32], v: &[f32]| u.iter().zip(v).map(|(x, y)| *x as f64 * *y as f64).sum::<f64>();
        let delta: Vec<f32> = params.iter().zip(&self.origin).map(|(p, o)| p - o).collect();
        let (g11, g12, g22) = (dot(&self.d1, &self.d1), dot(&self.d1, &self.d2), dot(&self.d2, &self.d2));
        let (r1, r2) = (dot(&self.d1, &delta), dot(&self.d2, &delta));
        let det = g11 * g22 - g12 * g12;
        if det.abs() < 1e-20 {
            return (0.0, 0.0);
        }
        (((r1 * g22 - r2 * g12) / det) as f32, ((r2 * g11 - r1 * g12) / det) as f32)
    }
}

/// The mean data loss of `samples` at every point of an `n × n` grid over
/// `a ∈ [a0, a1]`, `b ∈ [b0, b1]`: row 0 at the top (largest b), as the page draws it.
/// `net` is used as scratch and its weights are put back.
pub fn surface(net: &mut Network, samples: &Samples, slice: &Slice, range: (f32, f32, f32, f32), n: usize) -> Vec<f32> {
    (0..n).flat_map(|row| surface_row(net, samples, slice, range, n, row)).collect()
}

/// Row `row` of [`surface`]'s grid alone (the page computes a surface a few rows a
/// frame, so drawing it never stalls the page).
pub fn surface_row(
    net: &mut Network,
    samples: &Samples,
    slice: &Slice,
    (a0, a1, b0, b1): (f32, f32, f32, f32),
    n: usize,
    row: usize,
) -> Vec<f32> {
    let saved = net.params().to_vec();
    let at = |i: usize, lo: f32, hi: f32| lo + (hi - lo) * (i as f32 + 0.5) / n as f32;
    let b = at(n - 1 - row, b0, b1);
    let out = (0..n)
        .map(|col| {
            net.set_params(&slice.point(at(col, a0, a1), b));
            net.forward(&samples.inputs, None);
            net.loss(&samples.targets)
        })
        .collect();
    net.set_params(&saved);
    out
}

/// A range `(a0, a1, b0, b1)` of a slice's two axes.
pub type Range2 = (f32, f32, f32, f32);

/// A square range around `points` (and `centre`), with a margin, at least `min_half`
/// and at most `max_half` from its middle to an edge; points that are not finite (a run
/// that diverged) are left out.
pub fn fit_range(points: impl IntoIterator<Item = (f32, f32)>, centre: (f32, f32), min_half: f32, max_half: f32) -> Range2 {
    let (mut a0, mut a1, mut b0, mut b1) = (centre.0, centre.0, centre.1, centre.1);
    for (a, b) in points.into_iter().filter(|p| p.0.is_finite() && p.1.is_finite()) {
        (a0, a1, b0, b1) = (a0.min(a), a1.max(a), b0.min(b), b1.max(b));
    }
    let wanted = 0.7 * (a1 - a0).max(b1 - b0);
    let half = wanted.clamp(min_half, max_half);
    // Too far to hold everything: stay around the centre (one run flying off does not
    // pull the picture away from the others).
    let (ca, cb) = if wanted > max_half { centre } else { ((a0 + a1) / 2.0, (b0 + b1) / 2.0) };
    (ca - half, ca + half, cb - half, cb + half)
}

/// Numbers the grids the page draws: each finished grid gets a number no grid had before,
/// whichever track it belongs to, so a painter that remembers the last one it drew never
/// mistakes a new grid for it.
fn next_version() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// A grid being computed: a copy of the network (its shape, loss and normalisation
/// statistics) and of the data, and the rows done so far.
#[derive(Clone, Debug)]
struct Job {
    net: Network,
    samples: Samples,
    range: Range2,
    values: Vec<f32>,
}

/// The loss surface of a run (or of a comparison's runs) as they train: a slice fixed
/// through the starting weights, each run's path on it, and the grid of losses, computed
/// a few rows at a time so that drawing it never stalls training.
#[derive(Clone, Debug)]
pub struct SurfaceTrack {
    /// The plane shown.
    pub slice: Slice,
    /// Each run's path on it, oldest point first.
    pub paths: Vec<Vec<(f32, f32)>>,
    /// The range of the finished grid.
    pub range: Range2,
    /// The finished grid: `n × n` mean losses, row 0 at the top; empty until one is done.
    pub grid: Vec<f32>,
    /// Cells per side.
    pub n: usize,
    /// The finished grid's number, unique across tracks (a painter redraws when it
    /// changes); 0 before the first.
    pub version: u64,
    job: Option<Job>,
}

impl SurfaceTrack {
    /// The most points a path keeps: beyond, every other one goes (the whole path stays).
    pub const MAX_PATH: usize = 1024;

    /// A track on `slice` for runs that start at `starts` (one set of weights per run; a
    /// run whose weights do not fit the slice's network has no path).
    pub fn new(slice: Slice, starts: &[&[f32]], n: usize) -> SurfaceTrack {
        let paths = starts.iter().map(|p| if p.len() == slice.origin.len() { vec![slice.project(p)] } else { Vec::new() }).collect();
        SurfaceTrack { slice, paths, range: (0.0, 0.0, 0.0, 0.0), grid: Vec::new(), n, version: 0, job: None }
    }

    /// True when `params` are weights of the network the slice was taken through.
    pub fn fits(&self, params: &[f32]) -> bool {
        params.len() == self.slice.origin.len()
    }

    /// Notes where run `run`'s weights are now (nothing for weights of another shape: a
    /// compared run with batch normalization, say).
    pub fn record(&mut self, run: usize, params: &[f32]) {
        if !self.fits(params) {
            return;
        }
        let p = self.slice.project(params);
        let Some(path) = self.paths.get_mut(run) else { return };
        if !(p.0.is_finite() && p.1.is_finite()) || path.last() == Some(&p) {
            return;
        }
        if path.len() >= Self::MAX_PATH {
            let mut i = 0;
            path.retain(|_| {
                i += 1;
                i % 2 == 1
            });
        }
        path.push(p);
    }

    /// The range the grid should cover: every path, with room to move on.
    pub fn wanted_range(&self) -> Range2 {
        let centre =
            if self.slice.absolute { self.paths.first().and_then(|p| p.first().copied()).unwrap_or((0.0, 0.0)) } else { (0.0, 0.0) };
        let min_half = if self.slice.absolute { 2.0 } else { 1.0 };
        fit_range(self.paths.iter().flatten().copied(), centre, min_half, 25.0)
    }

    /// True when there is no grid yet, or a path has left it (and none is being computed).
    pub fn needs_grid(&self) -> bool {
        if self.job.is_some() {
            return false;
        }
        let (a0, a1, b0, b1) = self.range;
        let (w0, w1, v0, v1) = self.wanted_range();
        let outside = |(a, b): (f32, f32)| a.is_finite() && b.is_finite() && (a < a0 || a > a1 || b < b0 || b > b1);
        // A path beyond the largest range is shown at the edge, not chased forever.
        let grows = w0 < a0 || w1 > a1 || v0 < b0 || v1 > b1;
        self.grid.is_empty() || (grows && self.paths.iter().flatten().any(|&p| outside(p)))
    }

    /// Starts computing a grid over [`wanted_range`](Self::wanted_range) with `net`'s
    /// shape and loss on `samples` (nothing if `net` is not the slice's shape).
    pub fn start(&mut self, net: &Network, samples: &Samples) {
        if !self.fits(net.params()) {
            return;
        }
        let range = self.wanted_range();
        self.job = Some(Job { net: net.clone(), samples: samples.clone(), range, values: Vec::with_capacity(self.n * self.n) });
    }

    /// Computes rows until `budget` (in `now`'s units) is spent, at least one; true when
    /// this finished a grid.
    pub fn advance(&mut self, budget: f64, now: &dyn Fn() -> f64) -> bool {
        let Some(job) = &mut self.job else { return false };
        let start = now();
        let n = self.n;
        while job.values.len() < n * n {
            let row = job.values.len() / n;
            let values = surface_row(&mut job.net, &job.samples, &self.slice, job.range, n, row);
            job.values.extend(values);
            if now() - start >= budget {
                break;
            }
        }
        if job.values.len() < n * n {
            return false;
        }
        if let Some(job) = self.job.take() {
            self.grid = job.values;
            self.range = job.range;
            self.version = next_version();
        }
        true
    }

    /// Forgets the grid (the data changed): the next one is computed afresh; the paths
    /// stay.
    pub fn invalidate(&mut self) {
        self.grid.clear();
        self.job = None;
    }

    /// The share of the grid in progress that is done, if one is.
    pub fn progress(&self) -> Option<f32> {
        self.job.as_ref().map(|j| j.values.len() as f32 / (self.n * self.n) as f32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Activation, Loss, Matrix, NetworkConfig, Output};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn samples() -> Samples {
        let inputs = Matrix::from_rows(&[vec![1.0, 0.5], vec![-1.0, 2.0], vec![0.3, -1.2], vec![2.0, 1.0]]);
        let targets = Matrix::from_rows(&[vec![1.0], vec![0.0], vec![0.0], vec![1.0]]);
        Samples { inputs, targets }
    }

    #[test]
    fn a_two_weight_network_is_seen_in_its_own_weights() {
        let mut c = NetworkConfig::new(2, &[], Activation::Linear, 1, Output::Sigmoid, Loss::BinaryCrossEntropy);
        c.bias = false;
        let mut net = c.init(&mut Rng::new(1));
        let slice = Slice::for_network(&net, &mut Rng::new(2));
        assert!(slice.absolute && slice.label.contains("two weights"));
        let s = samples();
        let grid = surface(&mut net, &s, &slice, (-2.0, 2.0, -3.0, 3.0), 4);
        // Cell (row 0, col 3) is a = 1.5, b = 2.25: the loss with exactly those weights.
        let mut probe = net.clone();
        probe.set_params(&[1.5, 2.25]);
        probe.forward(&s.inputs, None);
        assert_eq!(grid[3], probe.loss(&s.targets));
        assert_eq!(&grid[12..], surface_row(&mut net, &s, &slice, (-2.0, 2.0, -3.0, 3.0), 4, 3).as_slice(), "row by row, the same grid");
        let before = probe.params().to_vec();
        surface_row(&mut probe, &s, &slice, (-2.0, 2.0, -3.0, 3.0), 4, 0);
        assert_eq!(probe.params(), before.as_slice(), "the weights are put back");
        assert_eq!(slice.project(&[0.7, -0.4]), (0.7, -0.4));
    }

    #[test]
    fn random_directions_are_scaled_per_neuron_and_projection_finds_points() {
        let net = NetworkConfig::new(2, &[3, 2], Activation::Tanh, 1, Output::Sigmoid, Loss::BinaryCrossEntropy).init(&mut Rng::new(3));
        let slice = Slice::for_network(&net, &mut Rng::new(4));
        assert!(!slice.absolute);
        for layer in net.layers() {
            for j in 0..layer.outputs {
                let idx: Vec<usize> = (0..layer.inputs).map(|i| layer.weight_index(i, j)).collect();
                let norm = |v: &[f32]| idx.iter().map(|&k| v[k] * v[k]).sum::<f32>().sqrt();
                assert!((norm(&slice.d1) - norm(net.params())).abs() < 1e-5);
            }
            assert!(layer.biases.clone().all(|k| slice.d1[k] == 0.0 && slice.d2[k] == 0.0), "biases held still");
        }
        let (a, b) = slice.project(&slice.point(0.3, -0.8));
        assert!((a - 0.3).abs() < 1e-4 && (b + 0.8).abs() < 1e-4, "{a} {b}");
        assert_eq!(slice.project(net.params()), (0.0, 0.0));
    }
}

#[cfg(test)]
mod track_tests {
    use super::*;
    use crate::engine::{Activation, Loss, Matrix, NetworkConfig, Output};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_range_holds_its_points_with_room_and_within_bounds() {
        let r = fit_range([(0.5, 0.2), (3.0, -1.0), (f32::NAN, 9.0)], (0.0, 0.0), 1.0, 25.0);
        assert!(r.0 < 0.0 && r.1 > 3.0 && r.2 < -1.0 && r.3 > 0.2, "{r:?}");
        assert!(((r.1 - r.0) - (r.3 - r.2)).abs() < 1e-5, "square");
        assert_eq!(fit_range([], (1.0, 2.0), 1.0, 25.0), (0.0, 2.0, 1.0, 3.0), "the least range around the centre");
        let far = fit_range([(1e6, 0.0), (0.5, 0.5)], (0.0, 0.0), 1.0, 25.0);
        assert_eq!(far, (-25.0, 25.0, -25.0, 25.0), "at most the largest, around the centre");
    }

    #[test]
    fn the_track_computes_the_surface_row_by_row_and_follows_the_paths() {
        let mut c = NetworkConfig::new(2, &[], Activation::Linear, 1, Output::Sigmoid, Loss::BinaryCrossEntropy);
        c.bias = false;
        let mut net = c.init(&mut Rng::new(1));
        let samples = Samples {
            inputs: Matrix::from_rows(&[vec![1.0, 0.5], vec![-1.0, 2.0], vec![0.3, -1.2]]),
            targets: Matrix::from_rows(&[vec![1.0], vec![0.0], vec![0.0]]),
        };
        let slice = Slice::for_network(&net, &mut Rng::new(2));
        let start = net.params().to_vec();
        let mut track = SurfaceTrack::new(slice.clone(), &[&start, &start], 6);
        assert!(track.needs_grid());
        track.start(&net, &samples);
        assert!(!track.needs_grid(), "one grid at a time");
        // One row per call with a clock that is always past the budget.
        let tick = std::cell::Cell::new(0.0);
        let clock = || {
            tick.set(tick.get() + 10.0);
            tick.get()
        };
        for row in 1..6 {
            assert!(!track.advance(1.0, &clock));
            assert_eq!(track.progress(), Some(row as f32 / 6.0));
        }
        assert!(track.advance(1.0, &clock), "the sixth row finishes it");
        assert_ne!(track.version, 0, "a finished grid has a number");
        let first = track.version;
        let range = track.range;
        assert_eq!(track.grid, surface(&mut net, &samples, &slice, range, 6), "the same grid as at once");
        assert!(range.0 <= start[0] && start[0] <= range.1, "around the start");
        // A run that moves within the range needs no new grid; one that leaves it does.
        track.record(1, &[start[0] + 0.1, start[1]]);
        assert_eq!(track.paths[1].len(), 2);
        track.record(1, &[start[0] + 0.1, start[1]]);
        assert_eq!(track.paths[1].len(), 2, "standing still adds nothing");
        assert!(!track.needs_grid());
        track.record(0, &[start[0] + 9.0, start[1]]);
        assert!(track.needs_grid());
        track.record(0, &[f32::NAN, 0.0]);
        assert_eq!(track.paths[0].len(), 2, "a diverged run's last point is not drawn");
        // Long paths are thinned, not cut: the first point stays, and the newest.
        for i in 0..3000 {
            track.record(1, &[i as f32 * 1e-3, 0.0]);
        }
        assert!(track.paths[1].len() <= SurfaceTrack::MAX_PATH);
        assert_eq!(track.paths[1][0], slice.project(&start));
        assert_eq!(*track.paths[1].last().unwrap(), (2.999, 0.0));
        // Weights of another shape are no point on this plane, and no grid is made for them.
        let before = track.paths[1].len();
        track.record(1, &[1.0, 2.0, 3.0]);
        assert_eq!(track.paths[1].len(), before);
        let other = NetworkConfig::new(2, &[2], Activation::Tanh, 1, Output::Sigmoid, Loss::BinaryCrossEntropy).init(&mut Rng::new(3));
        track.invalidate();
        track.start(&other, &samples);
        assert_eq!(track.progress(), None, "not the slice's network: nothing to compute");
        assert!(track.grid.is_empty() && SurfaceTrack::new(slice.clone(), &[other.params()], 6).paths[0].is_empty());
        // A new grid gets a new number, even on a new track.
        track.start(&net, &samples);
        while !track.advance(1e9, &|| 0.0) {}
        let fresh = SurfaceTrack::new(slice, &[&start], 6).version;
        assert!(track.version > first && fresh == 0);
    }
}

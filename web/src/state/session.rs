//! The training session: every run (one, or a comparison's 2 to 6) held alike in one list
//! with the index of the one the playground shows, the points, the loss surface, and what
//! the funnel left for the next frame. Plain engine data, outside the reactive graph.

use super::change::{RedrawSet, WorkSet};
use super::Speed;
use neuroplay::config::Settings;
use neuroplay::data::{self, Feature, Point};
use neuroplay::engine::surface::{Slice, SurfaceTrack};
use neuroplay::engine::{Matrix, Output, Rng, Trainer};
use neuroplay::viz::Grid;

/// Cells per side of the decision-boundary and neuron heatmaps.
pub const GRID: Grid = Grid::new(100);
/// Cells per side of the loss surface's grid.
pub const SURFACE_CELLS: usize = 40;
/// The seed of a session's first slice of the loss surface (mixed with the settings' seed).
const SLICE_SEED: u64 = 0x5eed_51ce;

/// One run of a comparison (or the only run).
pub struct Run {
    /// What sets it apart (`optimizer=adam`); empty when nothing is compared.
    pub label: String,
    /// Its trainer (network, optimizer, data).
    pub trainer: Trainer,
    /// Its predictions over the grid (cells × outputs), from the last evaluation.
    pub predictions: Vec<f32>,
    /// Each epoch's gradient norm per weight matrix, from epoch 1 (thinned as it grows),
    /// for the gradient chart whenever it is opened.
    pub norms: Vec<(usize, Vec<f32>)>,
}

/// Gradient-norm points kept per run (older ones thinned to every other).
const NORM_POINTS: usize = 400;

impl Run {
    /// Notes the last epoch's gradient norms if an epoch ended since the last note.
    fn record_norms(&mut self) {
        let epoch = self.trainer.epoch();
        let Some(n) = self.trainer.grad_norms() else { return };
        if self.norms.last().is_some_and(|p| p.0 >= epoch) {
            return;
        }
        self.norms.push((epoch, n.to_vec()));
        if self.norms.len() > NORM_POINTS {
            let mut i = 0;
            self.norms.retain(|_| {
                i += 1;
                i % 2 == 1
            });
        }
    }
}

/// The engine objects and the buffers the canvases are painted from.
pub struct Session {
    /// Every run, trained in lock-step.
    pub runs: Vec<Run>,
    /// The run the playground shows.
    pub shown: usize,
    /// The loss surface and each run's path on it.
    pub surface: SurfaceTrack,
    /// Training points, including any a user added.
    pub train_points: Vec<Point>,
    /// Validation points (set aside by the `val` share; not drawn).
    pub val_points: Vec<Point>,
    /// Test points.
    pub test_points: Vec<Point>,
    /// The heatmap grid's inputs for the current features.
    pub grid_inputs: Matrix,
    /// Work the funnel left for the next frame.
    pub work: WorkSet,
    /// Pictures to paint once that work is done.
    pub redraw: RedrawSet,
}

impl Session {
    /// A session for these settings (data from the seed).
    pub fn new(settings: &Settings) -> Result<Session, String> {
        Session::with_points(settings, settings.data())
    }

    /// A session on given points: every run of the settings from the same starting
    /// weights (the same seed), the first one shown.
    pub fn with_points(settings: &Settings, points: data::Split) -> Result<Session, String> {
        let mut runs = Vec::new();
        for (k, run) in settings.runs().map_err(|e| e.to_string())?.into_iter().enumerate() {
            let trainer = run.settings.trainer_for(&points).map_err(|e| {
                if run.label.is_empty() {
                    e.to_string()
                } else {
                    format!("run {} ({}): {e}", k + 1, run.label)
                }
            })?;
            let mut trainer = trainer;
            // The gradient chart shows every epoch from the first, whenever it is opened.
            trainer.track_grad_norms(true);
            runs.push(Run { label: run.label, trainer, predictions: Vec::new(), norms: Vec::new() });
        }
        let first = runs.first().ok_or("a comparison needs runs")?;
        let slice = Slice::for_network(first.trainer.network(), &mut Rng::new(settings.seed ^ SLICE_SEED));
        // Runs start from the same weights unless they compare initialisations or batch
        // normalization: each path starts where its own run does.
        let starts: Vec<&[f32]> = runs.iter().map(|r| r.trainer.network().params()).collect();
        let surface = SurfaceTrack::new(slice, &starts, SURFACE_CELLS);
        Ok(Session {
            runs,
            shown: 0,
            surface,
            train_points: points.train,
            val_points: points.val,
            test_points: points.test,
            grid_inputs: GRID.inputs(&settings.features),
            work: WorkSet::default(),
            redraw: RedrawSet::default(),
        })
    }

    /// The shown run's trainer.
    pub fn trainer(&self) -> &Trainer {
        &self.runs[self.shown].trainer
    }

    /// The shown run's trainer, to change.
    pub fn trainer_mut(&mut self) -> &mut Trainer {
        &mut self.runs[self.shown].trainer
    }

    /// How run `k`'s predictions are read: its output kind and width, and whether they are
    /// classes (else regression values).
    pub fn output_of(&self, k: usize) -> Option<(Output, usize, bool)> {
        let t = &self.runs.get(k)?.trainer;
        let c = t.network().config();
        Some((c.output, c.outputs, t.classifies()))
    }

    /// The shown run's predictions over the grid.
    pub fn predictions(&self) -> &[f32] {
        &self.runs[self.shown].predictions
    }

    /// True when runs are compared.
    pub fn comparing(&self) -> bool {
        self.runs.len() > 1
    }

    /// Run `k`'s trainer.
    pub fn trainer_of(&self, k: usize) -> Option<&Trainer> {
        self.runs.get(k).map(|r| &r.trainer)
    }

    /// Every run's trainer, in the runs' order.
    pub fn trainers_mut(&mut self) -> Vec<&mut Trainer> {
        self.runs.iter_mut().map(|r| &mut r.trainer).collect()
    }

    /// Whether every run has finished (diverged or stopped early).
    pub fn finished(&self) -> bool {
        self.runs.iter().all(|r| r.trainer.is_finished())
    }

    /// Trains every run at `speed` within `budget` ms (a comparison in lock-step: all at
    /// the same epoch), never past epoch `until` when it lies ahead, and evaluates them.
    pub fn train(&mut self, speed: Speed, budget: f64, now: &dyn Fn() -> f64, until: Option<usize>) {
        let left = until.and_then(|u| u.checked_sub(self.trainer().epoch())).filter(|l| *l > 0).unwrap_or(usize::MAX);
        let mut all = self.trainers_mut();
        match speed {
            // One minibatch of the leader (no time to spare), the others kept at its epoch.
            Speed::Step => Trainer::train_in_step(&mut all, 0.0, 1, now),
            Speed::Epochs(n) => Trainer::train_in_step(&mut all, budget, n.min(left), now),
            Speed::Max => Trainer::train_in_step(&mut all, budget, left, now),
        };
        all.iter_mut().for_each(|t| {
            t.update_stats();
        });
        self.runs.iter_mut().for_each(Run::record_norms);
    }

    /// Trains every run one epoch.
    pub fn train_epoch(&mut self) {
        self.trainers_mut().into_iter().for_each(|t| {
            t.train_epoch();
        });
        self.runs.iter_mut().for_each(Run::record_norms);
    }

    /// Notes on the loss surface where each run's weights are now.
    pub fn record_paths(&mut self) {
        for (k, run) in self.runs.iter().enumerate() {
            self.surface.record(k, run.trainer.network().params());
        }
    }

    /// The points of the three sets, as they are now.
    pub fn points(&self) -> data::Split {
        data::Split { train: self.train_points.clone(), val: self.val_points.clone(), test: self.test_points.clone() }
    }

    /// Hands the (edited) point lists to every run's trainer, keeping the weights; the loss
    /// surface is computed anew over them.
    pub fn sync_points(&mut self, features: &[Feature]) {
        let outputs = self.trainer().network().config().outputs;
        let train = data::to_samples(&self.train_points, features, outputs);
        let test = data::to_samples(&self.test_points, features, outputs);
        if !train.is_empty() {
            for t in self.trainers_mut() {
                t.set_data(train.clone(), test.clone());
            }
        }
        self.surface.invalidate();
    }

    /// Takes a new slice of the loss surface through the shown run's weights as they are
    /// now: along two of its weights (flat indices), or two random directions; every
    /// run's path starts again where it stands.
    pub fn reslice(&mut self, weights: Option<(usize, usize)>, features: &[Feature], seed: u64) {
        let net = self.trainer().network();
        let n = net.params().len();
        let slice = match weights {
            Some((i, j)) if i < n && j < n && i != j => Slice::weights(
                net,
                i,
                j,
                format!("two weights, {} across and {} up", super::weight_name(net, i, features), super::weight_name(net, j, features)),
            ),
            _ => Slice::for_network(net, &mut Rng::new(seed)),
        };
        let starts: Vec<&[f32]> = self.runs.iter().map(|r| r.trainer.network().params()).collect();
        self.surface = SurfaceTrack::new(slice, &starts, SURFACE_CELLS);
    }

    /// The surface is the shown run's loss: a run of another shape (batch normalization
    /// compared) needs a slice of its own.
    pub fn reslice_if_needed(&mut self) {
        if !self.surface.fits(self.trainer().network().params()) {
            self.reslice(None, &[], SLICE_SEED);
        }
    }

    /// Makes run `k` the one the playground shows; false if there is no such run.
    pub fn show_run(&mut self, k: usize) -> bool {
        if k >= self.runs.len() {
            return false;
        }
        self.shown = k;
        true
    }

    /// Evaluates the shown run over the grid (every neuron's activations stay in the
    /// network for the painters).
    pub fn evaluate_shown(&mut self) {
        self.evaluate(self.shown);
    }

    /// Evaluates every run but the shown one over the grid.
    pub fn evaluate_others(&mut self) {
        let shown = self.shown;
        for k in (0..self.runs.len()).filter(|k| *k != shown) {
            self.evaluate(k);
        }
    }

    fn evaluate(&mut self, k: usize) {
        let run = &mut self.runs[k];
        let net = run.trainer.network_mut();
        net.infer(&self.grid_inputs);
        let last = net.layers().len() - 1;
        run.predictions.clear();
        run.predictions.extend_from_slice(net.inferred(last).as_slice());
    }
}

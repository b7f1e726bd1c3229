//! The backpropagation walk-through: one point's forward and backward pass, computed once
//! by the engine through the shown network, and the step being shown.

use super::{AppState, Change};
use leptos::prelude::*;
use neuroplay::config::page::WalkAt;
use neuroplay::data::{self, Point};
use neuroplay::lessons::View;

/// The course's worked example, as the command line's `--weights` takes them: h1 gets
/// w1 = 0.14 from x₁ and w2 = 0.19 from x₂, h2 w3 = 0.24 and w4 = 0.29, the output w5 = 0.35
/// and w6 = 0.40. By hand: out_h1 ≈ 0.5065, out_o1 ≈ 0.5942, E ≈ 0.1221, ∂E/∂w5 ≈ 0.0604
/// and w5 → 0.2896.
pub const TEXTBOOK_WEIGHTS: &str = "[[[0.14,0.19],[0.24,0.29]],[[0.35,0.40]]]";
/// A second example on the same network: 0.1 to 0.6.
pub const SECOND_WEIGHTS: &str = "[[[0.1,0.2],[0.3,0.4]],[[0.5,0.6]]]";

/// A walk-through in progress.
#[derive(Clone, Debug, PartialEq)]
pub struct WalkView {
    /// The point walked.
    pub point: Point,
    /// Its index among the training points (the next one is "another point").
    pub index: usize,
    /// The point was typed (the textbook's, say), not picked from the training set.
    pub typed: bool,
    /// The engine's numbers.
    pub walk: neuroplay::engine::Walk,
    /// The sentences, one per step.
    pub steps: Vec<neuroplay::explain::Step>,
    /// The step shown.
    pub at: usize,
}

impl AppState {
    /// Walks training point `index` (wrapping around) through the network as it is now:
    /// training pauses, and the engine computes every number once.
    pub fn walk_point(&self, index: usize) {
        self.running.set(false);
        let point = self.session.with_value(|s| {
            let n = s.train_points.len();
            (n > 0).then(|| (index % n, s.train_points[index % n]))
        });
        self.walk.set(point.and_then(|(index, point)| self.walk_of(point, index, false, 0)));
        self.view.update(|v| v.open.set(View::Walk, true));
    }

    /// Walks a point the user typed: its coordinates, and its class (or the output's
    /// target, with one output) in `label`.
    pub fn walk_typed(&self, point: Point) {
        let classes = self.settings.with_untracked(|s| s.problem().classes());
        let outputs = self.session.with_value(|s| s.trainer().network().config().outputs);
        let fits = point.x1.is_finite() && point.x2.is_finite() && point.label.is_finite();
        let class_ok = outputs == 1 || (point.label.fract() == 0.0 && point.label >= 0.0 && (point.label as usize) < outputs);
        if !fits || !class_ok {
            let what = if outputs == 1 { "a number".to_string() } else { format!("a class from 0 to {}", classes.max(outputs) - 1) };
            self.say(format!("That point was not walked: x₁ and x₂ must be numbers and the target {what}."));
            return;
        }
        self.running.set(false);
        let index = self.walk.get_untracked().map_or(0, |w| w.index);
        self.walk.set(self.walk_of(point, index, true, 0));
        self.view.update(|v| v.open.set(View::Walk, true));
    }

    /// Walks the same point again through the network as it is now (the funnel's work
    /// after a change): from the first step when `restart`, else at the same step. A
    /// picked point is taken again from the training set (an edit may have moved it).
    pub(super) fn rewalk(&self, restart: bool) {
        let Some(w) = self.walk.get_untracked() else { return };
        let point = if w.typed {
            Some((w.index, w.point))
        } else {
            self.session.with_value(|s| {
                let n = s.train_points.len();
                (n > 0).then(|| (w.index % n, s.train_points[w.index % n]))
            })
        };
        let at = if restart { 0 } else { w.at };
        self.walk.set(point.and_then(|(index, point)| self.walk_of(point, index, w.typed, at)));
    }

    /// One point's walk through the shown network, at step `at` (kept within the walk).
    fn walk_of(&self, point: Point, index: usize, typed: bool, at: usize) -> Option<WalkView> {
        let features = self.settings.with_untracked(|s| s.features.clone());
        self.session.with_value(|s| {
            let net = s.trainer().network();
            let mut input = vec![0.0; features.len()];
            data::features_into(&features, point.x1, point.x2, &mut input);
            let samples = data::to_samples(&[point], &features, net.config().outputs);
            let target = samples.targets.row(0).to_vec();
            // The shown run's own rate (a comparison of rates walks each at its own).
            let walk = net.walk(&input, &target, s.trainer().learning_rate());
            let names: Vec<&str> = features.iter().map(|f| f.label()).collect();
            let steps = neuroplay::explain::steps(&walk, net, &names);
            let at = at.min(steps.len().saturating_sub(1));
            Some(WalkView { point, index, typed, walk, steps, at })
        })
    }

    /// The textbook example, one click away: the backpropagation lesson's network (2-2-1,
    /// sigmoid, no biases, squared error, η = 1) with the lecture's weights, walking the
    /// input (0.05, 0.10) with target 0.1.
    pub fn textbook_example(&self, weights: &str) {
        self.open_lesson("backprop");
        self.load_weights("the textbook example", weights);
        self.walk_typed(Point { x1: 0.05, x2: 0.10, label: 0.1 });
    }

    /// Walks where a link says the walk-through stood: a training point or a typed one, at
    /// its step.
    pub fn walk_at(&self, at: WalkAt) {
        let step = match at {
            WalkAt::Training { index, step } => {
                self.walk_point(index);
                step
            }
            WalkAt::Typed { point, step } => {
                self.walk_typed(point);
                step
            }
        };
        self.walk.update(|w| {
            if let Some(w) = w {
                w.at = step.min(w.steps.len().saturating_sub(1));
            }
        });
    }

    /// Walks the training point nearest to (x1, x2).
    pub fn walk_nearest(&self, x1: f32, x2: f32) {
        let nearest = self.session.with_value(|s| {
            let d = |p: &Point| (p.x1 - x1).powi(2) + (p.x2 - x2).powi(2);
            s.train_points.iter().enumerate().min_by(|a, b| d(a.1).total_cmp(&d(b.1))).map(|(i, _)| i)
        });
        if let Some(i) = nearest {
            self.walk_point(i);
        }
    }

    /// Moves the walk-through by `delta` steps (staying within it).
    pub fn walk_step(&self, delta: isize) {
        self.walk.update(|w| {
            if let Some(w) = w {
                w.at = w.at.saturating_add_signed(delta).min(w.steps.len().saturating_sub(1));
            }
        });
    }

    /// Takes the walked step for real: the network gets the walk's updated weights (one
    /// SGD step on this point, computed by the engine), and the walk starts again there.
    pub fn apply_walk(&self) {
        let Some(w) = self.walk.get_untracked() else { return };
        let applied = self.session.try_update_value(|s| {
            let mut net = s.trainer().network().clone();
            if w.walk.after.len() != net.params().len() {
                return false;
            }
            net.set_params(&w.walk.after);
            s.trainer_mut().replace_network(net);
            true
        });
        if applied == Some(true) {
            self.change(Change::Weights);
            self.walk.update(|now| {
                if let Some(now) = now {
                    now.at = 0;
                }
            });
        }
    }

    /// Opens or closes the walk-through (opening walks the first training point).
    pub fn toggle_walk(&self) {
        self.set_open(View::Walk, !self.is_open(View::Walk));
    }
}

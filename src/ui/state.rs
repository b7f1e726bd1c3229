//! All of the page's state, in one place: the settings (the single source of truth, mirrored
//! in the URL hash), a few view signals, and the training session, which is plain engine
//! data kept out of the reactive graph and changed only through the actions below.

use crate::config::Settings;
use crate::data::{self, Feature, Point, Problem, DOMAIN};
use crate::engine::metrics::LossHistory;
use crate::engine::{Matrix, StepStats, Trainer};
use crate::viz::Grid;
use leptos::prelude::*;

/// The most hidden layers the diagram shows (the engine and the command line take more).
pub const UI_MAX_LAYERS: usize = 8;
/// The most neurons per layer the diagram shows.
pub const UI_MAX_NEURONS: usize = 16;
/// Cells per side of the decision-boundary and neuron heatmaps.
pub const GRID: Grid = Grid::new(100);
/// Points kept in the loss chart.
pub const HISTORY_POINTS: usize = 600;

/// How fast training runs, chosen by the speed control.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Speed {
    /// One minibatch per frame: slow motion.
    Step,
    /// This many epochs per frame (TensorFlow Playground runs one).
    Epochs(usize),
    /// As many epochs as fit in the frame's time budget.
    Max,
}

impl Speed {
    /// The choices of the speed control, slowest first.
    pub const ALL: [Speed; 6] = [Speed::Step, Speed::Epochs(1), Speed::Epochs(5), Speed::Epochs(25), Speed::Epochs(100), Speed::Max];

    /// The control's value.
    pub fn key(self) -> String {
        match self {
            Speed::Step => "step".into(),
            Speed::Epochs(n) => n.to_string(),
            Speed::Max => "max".into(),
        }
    }

    /// What the control shows.
    pub fn label(self) -> String {
        match self {
            Speed::Step => "slow motion: 1 batch".into(),
            Speed::Epochs(1) => "1 epoch / frame".into(),
            Speed::Epochs(n) => format!("{n} epochs / frame"),
            Speed::Max => "maximum".into(),
        }
    }

    /// Parses the control's value.
    pub fn from_key(s: &str) -> Option<Speed> {
        Speed::ALL.into_iter().find(|sp| sp.key() == s)
    }
}

/// A message in the notice area, with an optional one-click fix.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// What happened, for a student.
    pub text: String,
    /// Offer the reset button.
    pub offer_reset: bool,
}

/// Colours of a comparison's runs: their curves, their panels and their paths.
pub const RUN_COLOURS: [[u8; 3]; 6] = [[31, 119, 180], [214, 39, 40], [44, 160, 44], [148, 103, 189], [255, 127, 14], [23, 190, 207]];

/// Cells per side of the loss surface's grid.
pub const SURFACE_CELLS: usize = 40;

/// One run of a comparison (or the only run).
pub struct RunSlot {
    /// What sets it apart (`optimizer=adam`); empty when nothing is compared.
    pub label: String,
    /// Its own trainer; `None` for the run the playground shows, whose trainer is the
    /// session's.
    pub trainer: Option<Trainer>,
    /// Its predictions over the grid (the shown run's are the session's).
    pub predictions: Vec<f32>,
}

/// The training session: engine objects and the buffers the canvases are painted from.
pub struct Session {
    /// The trainer of the run the playground shows (network, optimizer, data).
    pub trainer: Trainer,
    /// Every run: one, or a comparison's 2 to 6, trained in lock-step.
    pub runs: Vec<RunSlot>,
    /// The run the playground shows.
    pub shown: usize,
    /// The loss surface and each run's path on it.
    pub surface: crate::engine::surface::SurfaceTrack,
    /// Training points, including any a user added.
    pub train_points: Vec<Point>,
    /// Validation points (set aside by the `val` share; not drawn).
    pub val_points: Vec<Point>,
    /// Test points.
    pub test_points: Vec<Point>,
    /// The heatmap grid's inputs for the current features.
    pub grid_inputs: Matrix,
    /// The network's predictions over the grid (cells × outputs).
    pub predictions: Vec<f32>,
    /// The output kind and width the predictions have.
    pub output: (crate::engine::Output, usize),
    /// The predictions are classes (else regression values).
    pub classify: bool,
    /// True when the buffers must be recomputed before the next paint.
    pub dirty: bool,
    /// True when the other runs' predictions must be recomputed.
    pub runs_dirty: bool,
}

impl Session {
    /// A session for these settings (data from the seed).
    pub fn new(settings: &Settings) -> Result<Session, String> {
        Session::with_points(settings, settings.data())
    }

    /// A session on given points: every run of the settings from the same starting
    /// weights (the same seed), the first one shown.
    pub fn with_points(settings: &Settings, points: data::Split) -> Result<Session, String> {
        let runs = settings.runs().map_err(|e| e.to_string())?;
        let mut slots = Vec::with_capacity(runs.len());
        let mut shown = None;
        for (k, run) in runs.iter().enumerate() {
            let trainer = run.settings.trainer_for(&points).map_err(|e| {
                if run.label.is_empty() {
                    e.to_string()
                } else {
                    format!("run {} ({}): {e}", k + 1, run.label)
                }
            })?;
            // Run 1 is shown: its trainer is the session's own.
            let own = if k == 0 {
                shown = Some(trainer);
                None
            } else {
                Some(trainer)
            };
            slots.push(RunSlot { label: run.label.clone(), trainer: own, predictions: Vec::new() });
        }
        let trainer = shown.ok_or("a comparison needs runs")?;
        let slice = {
            let mut rng = crate::engine::Rng::new(settings.seed ^ 0x5eed_51ce);
            crate::engine::surface::Slice::for_network(trainer.network(), &mut rng)
        };
        // Runs start from the same weights unless they compare initialisations or batch
        // normalization: each path starts where its own run does.
        let starts: Vec<&[f32]> = slots.iter().map(|r| r.trainer.as_ref().unwrap_or(&trainer).network().params()).collect();
        let surface = crate::engine::surface::SurfaceTrack::new(slice, &starts, SURFACE_CELLS);
        Ok(Session {
            trainer,
            runs: slots,
            shown: 0,
            surface,
            train_points: points.train,
            val_points: points.val,
            test_points: points.test,
            grid_inputs: GRID.inputs(&settings.features),
            predictions: Vec::new(),
            output: (crate::engine::Output::Sigmoid, 1),
            classify: true,
            dirty: true,
            runs_dirty: true,
        })
    }

    /// True when runs are compared.
    pub fn comparing(&self) -> bool {
        self.runs.len() > 1
    }

    /// Every run's trainer, in the runs' order (the shown run's is the session's own).
    pub fn trainers_mut(&mut self) -> Vec<&mut Trainer> {
        let mut shown = Some(&mut self.trainer);
        self.runs.iter_mut().filter_map(|r| r.trainer.as_mut().or_else(|| shown.take())).collect()
    }

    /// Run `k`'s trainer.
    pub fn trainer_of(&self, k: usize) -> Option<&Trainer> {
        let slot = self.runs.get(k)?;
        Some(slot.trainer.as_ref().unwrap_or(&self.trainer))
    }

    /// Trains every run at `speed` within `budget` ms (a comparison in lock-step: all at
    /// the same epoch), evaluates them, and notes where each run's weights went.
    pub fn train(&mut self, speed: Speed, budget: f64, now: &dyn Fn() -> f64) {
        let mut all = self.trainers_mut();
        match speed {
            // One minibatch of the leader (no time to spare), the others kept at its epoch.
            Speed::Step => {
                Trainer::train_in_step(&mut all, 0.0, 1, now);
            }
            Speed::Epochs(n) => {
                Trainer::train_in_step(&mut all, budget, n, now);
            }
            Speed::Max => {
                Trainer::train_in_step(&mut all, budget, usize::MAX, now);
            }
        }
        all.iter_mut().for_each(|t| {
            t.update_stats();
        });
        self.record_paths();
        self.dirty = true;
        self.runs_dirty = true;
    }

    /// Notes on the loss surface where each run's weights are now.
    pub fn record_paths(&mut self) {
        for (k, slot) in self.runs.iter().enumerate() {
            let t = slot.trainer.as_ref().unwrap_or(&self.trainer);
            self.surface.record(k, t.network().params());
        }
    }

    /// The points of the three sets, as they are now.
    pub fn points(&self) -> data::Split {
        data::Split { train: self.train_points.clone(), val: self.val_points.clone(), test: self.test_points.clone() }
    }

    /// Hands the (edited) point lists to every run's trainer, keeping the weights.
    pub fn sync_points(&mut self, settings: &Settings) {
        let outputs = self.trainer.network().config().outputs;
        let train = data::to_samples(&self.train_points, &settings.features, outputs);
        let test = data::to_samples(&self.test_points, &settings.features, outputs);
        if !train.is_empty() {
            for t in self.trainers_mut() {
                t.set_data(train.clone(), test.clone());
            }
        }
        self.surface.invalidate();
        self.dirty = true;
        self.runs_dirty = true;
    }

    /// Takes a new slice of the loss surface through the shown run's weights as they are
    /// now: along two of its weights (flat indices), or two random directions; every
    /// run's path starts again where it stands.
    pub fn reslice(&mut self, weights: Option<(usize, usize)>, features: &[Feature], seed: u64) {
        use crate::engine::surface::{Slice, SurfaceTrack};
        let net = self.trainer.network();
        let n = net.params().len();
        let slice = match weights {
            Some((i, j)) if i < n && j < n && i != j => Slice::weights(
                net,
                i,
                j,
                format!("two weights, {} across and {} up", weight_name(net, i, features), weight_name(net, j, features)),
            ),
            _ => Slice::for_network(net, &mut crate::engine::Rng::new(seed)),
        };
        self.surface = SurfaceTrack::new(slice, &self.starts(), SURFACE_CELLS);
    }

    /// Every run's weights as they are now.
    fn starts(&self) -> Vec<&[f32]> {
        (0..self.runs.len()).filter_map(|k| self.trainer_of(k).map(|t| t.network().params())).collect()
    }

    /// Makes run `k` the one the playground shows (its trainer moves into the session).
    pub fn show_run(&mut self, k: usize) {
        if k == self.shown || k >= self.runs.len() {
            return;
        }
        let Some(next) = self.runs[k].trainer.take() else { return };
        let previous = std::mem::replace(&mut self.trainer, next);
        self.runs[self.shown].trainer = Some(previous);
        self.shown = k;
        self.dirty = true;
        self.runs_dirty = true;
        // The surface is the shown run's loss: a run of another shape (batch normalization
        // compared) needs a slice of its own.
        if !self.surface.fits(self.trainer.network().params()) {
            self.reslice(None, &[], 0x5eed_51ce);
        }
    }
}

/// Display options that are not part of the run.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ViewOptions {
    /// Snap the boundary heatmap to classes.
    pub discretize: bool,
    /// Draw the test points too.
    pub show_test: bool,
    /// Log scale on the loss chart.
    pub log_scale: bool,
    /// Dark theme.
    pub dark: bool,
    /// Presentation mode: larger type, fewer controls.
    pub presentation: bool,
    /// The keyboard-shortcut help panel is open.
    pub help: bool,
    /// The gallery of lessons is open.
    pub gallery: bool,
    /// The views of the mathematics and the experiments that are open.
    pub open: OpenViews,
}

/// Which of the optional views are open (a lesson opens the ones it uses).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OpenViews {
    /// The perceptron and its rule.
    pub perceptron: bool,
    /// The backpropagation walk-through.
    pub walk: bool,
    /// Activations and their derivatives.
    pub activations: bool,
    /// Gradient norms and weights.
    pub grad_norms: bool,
    /// The loss surface.
    pub loss_surface: bool,
    /// The learning-rate finder.
    pub lr_finder: bool,
}

impl OpenViews {
    /// Exactly the views a lesson uses.
    pub fn of(views: &[crate::lessons::View]) -> OpenViews {
        use crate::lessons::View;
        let has = |v: View| views.contains(&v);
        OpenViews {
            perceptron: has(View::Perceptron),
            walk: has(View::Walk),
            activations: has(View::Activations),
            grad_norms: has(View::GradNorms),
            loss_surface: has(View::LossSurface),
            lr_finder: has(View::LrFinder),
        }
    }
}

/// The page's state, shared through context. Every field is a cheap `Copy` handle.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The one settings value; every control edits it through [`AppState::set_setting`].
    pub settings: RwSignal<Settings>,
    /// Training is running.
    pub running: RwSignal<bool>,
    /// The figures shown (copied from the trainer each frame).
    pub stats: RwSignal<StepStats>,
    /// The loss chart's points.
    pub history: RwSignal<LossHistory>,
    /// The notice area.
    pub notice: RwSignal<Option<Notice>>,
    /// The speed control.
    pub speed: RwSignal<Speed>,
    /// Display options.
    pub view: RwSignal<ViewOptions>,
    /// The hidden neuron under the pointer, `(layer, neuron)`, shown large in the output.
    pub hover: RwSignal<Option<(usize, usize)>>,
    /// The class (or regression value) a click on the data plot adds.
    pub paint_class: RwSignal<f32>,
    /// Bumped after each redraw of the heatmap buffers: canvases repaint on it.
    pub frame: RwSignal<u64>,
    /// Bumped when the points change: the point overlay redraws on it.
    pub data_version: RwSignal<u64>,
    /// Bumped when the network is rebuilt.
    pub net_version: RwSignal<u64>,
    /// The engine objects.
    pub session: StoredValue<Session>,
    /// The backpropagation walk-through in progress, if any.
    pub walk: RwSignal<Option<WalkView>>,
    /// A comparison's runs, their figures and curves (empty when nothing is compared).
    pub runs: RwSignal<Vec<RunFigures>>,
    /// Bumped after the other runs' predictions were recomputed: their panels repaint.
    pub run_frame: RwSignal<u64>,
    /// The run the playground shows (0 unless a comparison's panel chose another).
    pub shown_run: RwSignal<usize>,
    /// Bumped when the loss surface's grid advanced or its slice changed.
    pub surface_frame: RwSignal<u64>,
}

/// What a comparison's panel and the loss chart show of one run.
#[derive(Clone, Debug, PartialEq)]
pub struct RunFigures {
    /// What sets the run apart.
    pub label: String,
    /// Its figures.
    pub stats: StepStats,
    /// Its losses over the epochs.
    pub history: LossHistory,
}

/// Each run's figures as they are in the session, with a history of one point.
fn fresh_figures(s: &Session) -> Vec<RunFigures> {
    if !s.comparing() {
        return Vec::new();
    }
    (0..s.runs.len())
        .filter_map(|k| {
            let stats = s.trainer_of(k)?.stats();
            let mut history = LossHistory::new(HISTORY_POINTS);
            history.push((&stats).into());
            Some(RunFigures { label: s.runs[k].label.clone(), stats, history })
        })
        .collect()
}

/// A walk-through: one point's forward and backward pass, computed once by the engine,
/// and the step being shown.
#[derive(Clone, Debug, PartialEq)]
pub struct WalkView {
    /// The point walked.
    pub point: Point,
    /// Its index among the training points (the next one is "another point").
    pub index: usize,
    /// The point was typed (the textbook's, say), not picked from the training set.
    pub typed: bool,
    /// The engine's numbers.
    pub walk: crate::engine::Walk,
    /// The sentences, one per step.
    pub steps: Vec<crate::explain::Step>,
    /// The step shown.
    pub at: usize,
}

impl AppState {
    /// State for the given settings; problems the page had to fix are in `notices`.
    pub fn new(mut settings: Settings, mut notices: Vec<String>) -> AppState {
        notices.extend(fit_to_page(&mut settings));
        let session = Session::new(&settings).unwrap_or_else(|e| {
            notices.push(format!("{e}; the default settings are in place"));
            settings = Settings::default();
            Session::new(&settings).expect("the default settings always build")
        });
        let stats = session.trainer.stats();
        let mut history = LossHistory::new(HISTORY_POINTS);
        history.push((&stats).into());
        let runs = fresh_figures(&session);
        let notice = (!notices.is_empty()).then(|| Notice { text: notices.join(" "), offer_reset: false });
        // A lesson's link opens the lesson's views too.
        let open = settings.lesson.and_then(crate::lessons::find).map_or(OpenViews::default(), |l| OpenViews::of(l.views));
        let state = AppState {
            settings: RwSignal::new(settings),
            running: RwSignal::new(false),
            stats: RwSignal::new(stats),
            history: RwSignal::new(history),
            notice: RwSignal::new(notice),
            speed: RwSignal::new(Speed::Epochs(1)),
            view: RwSignal::new(ViewOptions { open, ..ViewOptions::default() }),
            hover: RwSignal::new(None),
            paint_class: RwSignal::new(1.0),
            frame: RwSignal::new(0),
            data_version: RwSignal::new(0),
            net_version: RwSignal::new(0),
            session: StoredValue::new(session),
            walk: RwSignal::new(None),
            runs: RwSignal::new(runs),
            run_frame: RwSignal::new(0),
            shown_run: RwSignal::new(0),
            surface_frame: RwSignal::new(0),
        };
        if open.walk {
            state.walk_point(0);
        }
        state
    }

    /// The state provided by [`App`](super::App).
    pub fn get() -> AppState {
        expect_context::<AppState>()
    }

    /// Shows a message.
    pub fn say(&self, text: impl Into<String>) {
        self.notice.set(Some(Notice { text: text.into(), offer_reset: false }));
    }

    /// Changes one setting. A bad value leaves everything as it was and says why.
    /// The learning rate changes live; data settings regenerate the data; anything
    /// else rebuilds the network (a reset).
    pub fn set_setting(&self, key: &str, value: &str) {
        self.edit(|s| s.set(key, value));
    }

    /// Applies an edit to a copy of the settings; if the result is valid it replaces them
    /// (trimmed to what the page shows, saying so), otherwise nothing changes and the
    /// notice says why.
    fn edit(&self, change: impl FnOnce(&mut Settings) -> Result<(), crate::config::ConfigError>) {
        let current = self.settings.get_untracked();
        let mut next = current.clone();
        if let Err(e) = change(&mut next).and_then(|_| next.validate()) {
            self.say(format!("That change was not made — {e}."));
            return;
        }
        let warnings = fit_to_page(&mut next);
        if !warnings.is_empty() {
            self.say(warnings.join(" "));
        }
        self.apply(current, next);
    }

    /// Replaces the settings (e.g. from a pasted link), with the same rules as one change.
    pub fn apply(&self, current: Settings, next: Settings) {
        if next == current {
            return;
        }
        let only_lr = Settings { lr: current.lr, ..next.clone() } == current;
        if only_lr {
            // Runs that compare learning rates keep their own.
            let compared = next.compare.iter().any(|g| g.key == "lr");
            if !compared {
                self.session.update_value(|s| s.trainers_mut().into_iter().for_each(|t| t.set_learning_rate(next.lr)));
            }
            self.settings.set(next);
            write_hash(&self.settings.get_untracked());
            return;
        }
        let same_data = {
            let d = |s: &Settings| {
                let custom = s.custom.as_ref().map(std::sync::Arc::as_ptr);
                (s.dataset, s.classes(), s.points, s.noise.to_bits(), s.train.to_bits(), s.val.to_bits(), s.seed, custom)
            };
            d(&current) == d(&next)
        };
        let rebuilt = if same_data { Session::with_points(&next, self.session.with_value(Session::points)) } else { Session::new(&next) };
        match rebuilt {
            Ok(session) => {
                self.session.set_value(session);
                self.settings.set(next);
                self.after_rebuild(!same_data);
            }
            Err(e) => self.say(format!("That change was not made — {e}.")),
        }
    }

    fn after_rebuild(&self, data_changed: bool) {
        let stats = self.session.with_value(|s| s.trainer.stats());
        self.stats.set(stats);
        self.history.update(|h| {
            h.clear();
            h.push((&stats).into());
        });
        self.runs.set(self.session.with_value(fresh_figures));
        self.shown_run.set(0);
        // A walk in progress is walked again through the new network.
        if let Some(w) = self.walk.get_untracked() {
            self.rewalk(&w);
        }
        self.hover.set(None);
        self.net_version.update(|v| *v += 1);
        if data_changed {
            self.data_version.update(|v| *v += 1);
        }
        write_hash(&self.settings.get_untracked());
    }

    /// Opens a lesson: its settings (a reset, like any link) and its views.
    pub fn open_lesson(&self, id: &str) {
        let Some(lesson) = crate::lessons::find(id) else { return };
        match Settings::parse(lesson.settings) {
            Ok(next) => {
                self.running.set(false);
                self.apply(self.settings.get_untracked(), next);
                self.view.update(|v| {
                    v.gallery = false;
                    v.open = OpenViews::of(lesson.views);
                });
                if self.view.with_untracked(|v| v.open.walk) {
                    self.walk_point(0);
                }
            }
            // The lessons are tested to load; this would be a bug, said rather than hidden.
            Err(e) => self.say(format!("The lesson '{}' could not be opened: {e}.", lesson.title)),
        }
    }

    /// Closes the lesson's caption (the settings stay as they are).
    pub fn close_lesson(&self) {
        self.set_setting("lesson", "");
    }

    /// Walks training point `index` (wrapping around) through the network as it is now:
    /// training pauses, and the engine computes every number once.
    pub fn walk_point(&self, index: usize) {
        let point = self.session.with_value(|s| {
            let n = s.train_points.len();
            (n > 0).then(|| (index % n, s.train_points[index % n]))
        });
        self.walk.set(point.and_then(|(index, point)| self.walk_of(point, index, false)));
    }

    /// Walks a point the user typed: its coordinates, and its class (or the output's
    /// target, with one output) in `label`.
    pub fn walk_typed(&self, point: Point) {
        let classes = self.settings.with_untracked(|s| s.problem().classes());
        let outputs = self.session.with_value(|s| s.trainer.network().config().outputs);
        let fits = point.x1.is_finite() && point.x2.is_finite() && point.label.is_finite();
        let class_ok = outputs == 1 || (point.label.fract() == 0.0 && point.label >= 0.0 && (point.label as usize) < outputs);
        if !fits || !class_ok {
            let what = if outputs == 1 { "a number".to_string() } else { format!("a class from 0 to {}", classes.max(outputs) - 1) };
            self.say(format!("That point was not walked: x₁ and x₂ must be numbers and the target {what}."));
            return;
        }
        let index = self.walk.get_untracked().map_or(0, |w| w.index);
        self.walk.set(self.walk_of(point, index, true));
        self.view.update(|v| v.open.walk = true);
    }

    /// Walks the point again through the network as it is now (after an edit), at the
    /// same step.
    fn rewalk(&self, w: &WalkView) {
        if w.typed {
            self.walk.set(self.walk_of(w.point, w.index, true));
        } else {
            self.walk_point(w.index);
        }
    }

    /// One point's walk: training pauses, and the engine computes every number once.
    fn walk_of(&self, point: Point, index: usize, typed: bool) -> Option<WalkView> {
        self.running.set(false);
        let settings = self.settings.get_untracked();
        self.session.with_value(|s| {
            let net = s.trainer.network();
            let mut input = vec![0.0; settings.features.len()];
            data::features_into(&settings.features, point.x1, point.x2, &mut input);
            let samples = data::to_samples(&[point], &settings.features, net.config().outputs);
            let target = samples.targets.row(0).to_vec();
            // The shown run's own rate (a comparison of rates walks each at its own).
            let walk = net.walk(&input, &target, s.trainer.learning_rate());
            let names: Vec<&str> = settings.features.iter().map(|f| f.label()).collect();
            let steps = crate::explain::steps(&walk, net, &names);
            Some(WalkView { point, index, typed, walk, steps, at: 0 })
        })
    }

    /// The textbook example, one click away: the backpropagation lesson's network (2-2-1,
    /// sigmoid, no biases, squared error, η = 1) with the lecture's weights, walking the
    /// input (0.05, 0.10) with target 0.1.
    pub fn textbook_example(&self) {
        self.open_lesson("backprop");
        self.load_weights("the textbook example", TEXTBOOK_WEIGHTS);
        self.walk_typed(Point { x1: 0.05, x2: 0.10, label: 0.1 });
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
        self.session.update_value(|s| {
            let mut net = s.trainer.network().clone();
            if w.walk.after.len() != net.params().len() {
                return;
            }
            net.set_params(&w.walk.after);
            s.trainer.replace_network(net);
            s.record_paths();
            s.dirty = true;
        });
        self.publish();
        self.rewalk(&w);
    }

    /// Opens or closes the walk-through (opening walks the first training point).
    pub fn toggle_walk(&self) {
        let open = !self.view.with_untracked(|v| v.open.walk);
        self.view.update(|v| v.open.walk = open);
        if open {
            self.walk_point(self.walk.get_untracked().map_or(0, |w| w.index));
        } else {
            self.walk.set(None);
        }
    }

    /// Imports a CSV file's text: on success the data (kept in the browser's storage for
    /// the next visit) becomes `dataset=custom` and the network starts again on it; a
    /// broken file changes nothing and the notice names its first bad line.
    pub fn import_csv(&self, name: &str, text: &str) {
        match crate::formats::csv::parse(text) {
            Err(e) => self.say(format!("{name} was not loaded — {e}. The data you had stays.")),
            Ok(data) => {
                let rows = data.points.len();
                let mut next = self.settings.get_untracked();
                next.dataset = crate::data::DatasetKind::Custom;
                next.classes = None;
                next.custom = Some(std::sync::Arc::new(data));
                if let Err(e) = next.validate() {
                    self.say(format!("{name} was not loaded — {e}."));
                    return;
                }
                store_custom(text);
                self.running.set(false);
                self.apply(self.settings.get_untracked(), next);
                self.say(format!(
                    "Loaded {rows} points from {name}. The link says dataset=custom: whoever opens it needs this file too (this browser keeps it)."
                ));
            }
        }
    }

    /// Loads saved weights (what Download weights or the command line's --save-weights
    /// wrote) into the network; anything that does not fit changes nothing.
    pub fn load_weights(&self, name: &str, text: &str) {
        let model = match crate::formats::model::parse_model(text) {
            Ok(m) => m,
            Err(e) => return self.say(format!("{name} was not loaded — {e}.")),
        };
        let result = self.session.try_update_value(|s| {
            let mut net = s.trainer.network().clone();
            crate::formats::model::apply_model(&mut net, &model)?;
            s.trainer.replace_network(net);
            s.record_paths();
            s.dirty = true;
            Ok::<(), String>(())
        });
        match result {
            Some(Ok(())) => {
                self.publish();
                self.refresh_walk();
                self.say(format!("Loaded the weights of {name}; training goes on from them."));
            }
            Some(Err(e)) => self.say(format!("{name} does not fit this network — {e}. The weights stay as they were.")),
            None => {}
        }
    }

    /// Starts or pauses training.
    pub fn toggle_play(&self) {
        let finished = self.session.with_value(|s| (0..s.runs.len()).all(|k| s.trainer_of(k).is_none_or(Trainer::is_finished)));
        if finished && !self.running.get_untracked() {
            self.say("This run has finished (it diverged or stopped early). Press reset to start again.");
            return;
        }
        self.running.update(|r| *r = !*r);
    }

    /// Trains one epoch, paused.
    pub fn step(&self) {
        self.running.set(false);
        self.session.update_value(|s| {
            for t in s.trainers_mut() {
                t.train_epoch();
            }
            s.record_paths();
            s.dirty = true;
            s.runs_dirty = true;
        });
        self.publish();
    }

    /// Starts the run again from fresh weights (same seed: the same run).
    pub fn reset(&self) {
        self.running.set(false);
        self.notice.set(None);
        let settings = self.settings.get_untracked();
        match Session::with_points(&settings, self.session.with_value(Session::points)) {
            Ok(session) => {
                self.session.set_value(session);
                self.after_rebuild(false);
            }
            Err(e) => self.say(e),
        }
    }

    /// New data from the next seed.
    pub fn regenerate(&self) {
        let seed = self.settings.get_untracked().seed.wrapping_add(1);
        self.set_setting("seed", &seed.to_string());
    }

    /// Copies the trainers' figures to the page; pauses and explains on divergence (in a
    /// comparison, a run that diverges drops out and the others go on).
    pub fn publish(&self) {
        let (stats, all) = self.session.with_value(|s| {
            let all: Vec<StepStats> =
                if s.comparing() { (0..s.runs.len()).filter_map(|k| s.trainer_of(k).map(Trainer::stats)).collect() } else { Vec::new() };
            (s.trainer.stats(), all)
        });
        if stats != self.stats.get_untracked() {
            self.stats.set(stats);
            self.history.update(|h| h.push((&stats).into()));
        }
        if !all.is_empty() {
            self.publish_runs(&all);
            return;
        }
        if stats.diverged && self.running.get_untracked() {
            self.running.set(false);
            let lr = self.settings.get_untracked().lr;
            self.notice.set(Some(Notice {
                text: format!(
                    "Training stopped at epoch {}: the loss became infinite or not a number. The learning rate ({lr}) is probably too high — lower it, then reset.",
                    stats.epoch
                ),
                offer_reset: true,
            }));
        } else if stats.stopped_early && self.running.get_untracked() {
            self.running.set(false);
            self.say(format!("Early stopping: the test loss stopped improving, so the weights of epoch {} are back.", stats.epoch));
        }
    }

    /// A comparison's figures: each run's curve grows; a run that diverged is named.
    fn publish_runs(&self, all: &[StepStats]) {
        let mut news = Vec::new();
        self.runs.update(|figures| {
            for (k, (f, st)) in figures.iter_mut().zip(all).enumerate() {
                if f.stats == *st {
                    continue;
                }
                if st.diverged && !f.stats.diverged {
                    news.push(format!(
                        "Run {} ({}) diverged at epoch {}: its loss became infinite, so it stopped; the others go on.",
                        k + 1,
                        f.label,
                        st.epoch
                    ));
                }
                f.stats = *st;
                f.history.push(st.into());
            }
        });
        if !news.is_empty() {
            self.say(news.join(" "));
        }
        if self.running.get_untracked() && all.iter().all(|s| s.diverged || s.stopped_early) {
            self.running.set(false);
            self.say("Every run has finished (diverged or stopped early). Press reset to race them again.");
        }
    }

    /// Shows run `k` of a comparison in the playground (diagram, boundary, figures).
    pub fn show_run(&self, k: usize) {
        self.session.update_value(|s| s.show_run(k));
        let (stats, shown) = self.session.with_value(|s| (s.trainer.stats(), s.shown));
        if shown != k {
            return;
        }
        self.stats.set(stats);
        self.shown_run.set(k);
        // The diagram is drawn for the shown run's network (a compared run may differ).
        self.net_version.update(|v| *v += 1);
        if let Some(h) = self.runs.with_untracked(|r| r.get(k).map(|f| f.history.clone())) {
            self.history.set(h);
        }
        self.hover.set(None);
        if let Some(w) = self.walk.get_untracked() {
            self.rewalk(&w);
        }
    }

    /// Adds a point of the chosen class at (x1, x2) to the training set.
    pub fn add_point(&self, x1: f32, x2: f32) {
        let settings = self.settings.get_untracked();
        let label = match settings.problem() {
            Problem::Regression => self.paint_class.get_untracked().clamp(-1.0, 1.0),
            p => self.paint_class.get_untracked().clamp(0.0, (p.classes() - 1) as f32).round(),
        };
        let (x1, x2) = (x1.clamp(-DOMAIN, DOMAIN), x2.clamp(-DOMAIN, DOMAIN));
        self.session.update_value(|s| {
            s.train_points.push(Point { x1, x2, label });
            s.sync_points(&settings);
        });
        self.data_version.update(|v| *v += 1);
        self.publish();
    }

    /// Removes the point (training or shown test point) nearest to (x1, x2).
    pub fn remove_point(&self, x1: f32, x2: f32) {
        let settings = self.settings.get_untracked();
        let show_test = self.view.get_untracked().show_test;
        let removed = self.session.try_update_value(|s| {
            let d = |p: &Point| (p.x1 - x1).powi(2) + (p.x2 - x2).powi(2);
            let best_train = s.train_points.iter().enumerate().map(|(i, p)| (d(p), i)).min_by(|a, b| a.0.total_cmp(&b.0));
            let best_test =
                show_test.then(|| s.test_points.iter().enumerate().map(|(i, p)| (d(p), i)).min_by(|a, b| a.0.total_cmp(&b.0))).flatten();
            match (best_train, best_test) {
                (Some(a), Some(b)) if b.0 < a.0 => {
                    s.test_points.remove(b.1);
                }
                (Some(a), _) if s.train_points.len() > 1 => {
                    s.train_points.remove(a.1);
                }
                _ => return false,
            }
            s.sync_points(&settings);
            true
        });
        if removed == Some(true) {
            self.data_version.update(|v| *v += 1);
            self.publish();
        } else {
            self.say("The last training point stays: a network needs something to learn from.");
        }
    }

    /// Sets the weight from input `i` to neuron `j` of layer `l` (a user typed it).
    pub fn set_weight(&self, l: usize, i: usize, j: usize, text: &str) {
        let value: f32 = match text.trim().parse() {
            Ok(v) if f32::is_finite(v) && (-100.0..=100.0).contains(&v) => v,
            _ => {
                self.say(format!("'{}' is not a weight the page can use: type a number from −100 to 100.", text.trim()));
                return;
            }
        };
        self.session.update_value(|s| {
            let net = s.trainer.network_mut();
            let Some(layer) = net.layers().get(l).cloned() else { return };
            if i < layer.inputs && j < layer.outputs {
                let k = layer.weight_index(i, j);
                net.params_mut()[k] = value;
                s.trainer.refresh_stats();
                s.record_paths();
                s.dirty = true;
            }
        });
        self.publish();
    }

    /// Feature toggles: adds or removes an input feature (at least one stays).
    pub fn toggle_feature(&self, f: Feature) {
        let mut features = self.settings.get_untracked().features;
        if let Some(pos) = features.iter().position(|x| *x == f) {
            if features.len() == 1 {
                self.say("At least one input feature must stay on.");
                return;
            }
            features.remove(pos);
        } else {
            features.push(f);
            features.sort_by_key(|x| Feature::ALL.iter().position(|y| y == x));
        }
        let text: Vec<&str> = features.iter().map(|f| f.name()).collect();
        self.set_setting("features", &text.join(","));
    }

    /// Sets every hidden layer's activation (per-layer choices are cleared).
    pub fn set_all_activations(&self, name: &str) {
        self.edit(|s| {
            s.set("activation", name)?;
            s.activations = None;
            Ok(())
        });
    }

    /// Changes the hidden layer sizes (and their activations alongside).
    pub fn set_layers(&self, sizes: Vec<usize>, activations: Option<Vec<crate::engine::Activation>>) {
        self.edit(|s| {
            s.layers = sizes;
            s.activations = activations;
            Ok(())
        });
    }

    /// Sets the bias of neuron `j` of layer `l` (a user typed it); a layer without biases
    /// (bias=off, or batch normalization's β in their place) changes nothing and says so.
    pub fn set_bias(&self, l: usize, j: usize, text: &str) {
        let value: f32 = match text.trim().parse() {
            Ok(v) if f32::is_finite(v) && (-100.0..=100.0).contains(&v) => v,
            _ => {
                self.say(format!("'{}' is not a bias the page can use: type a number from −100 to 100.", text.trim()));
                return;
            }
        };
        let set = self.session.try_update_value(|s| {
            let net = s.trainer.network_mut();
            let Some(layer) = net.layers().get(l) else { return false };
            let k = layer.biases.start + j;
            if j >= layer.outputs || !layer.biases.contains(&k) {
                return false;
            }
            net.params_mut()[k] = value;
            s.trainer.refresh_stats();
            s.record_paths();
            s.dirty = true;
            true
        });
        if set == Some(true) {
            self.publish();
        } else {
            self.say("That neuron has no bias to set (biases are off, or batch normalization shifts it instead).");
        }
    }

    /// Walks the same point again at the same step, after a weight or bias was typed: the
    /// walk-through's numbers stay those of the network on the page.
    pub fn refresh_walk(&self) {
        let Some(w) = self.walk.get_untracked() else { return };
        self.rewalk(&w);
        self.walk.update(|now| {
            if let Some(now) = now {
                now.at = w.at.min(now.steps.len().saturating_sub(1));
            }
        });
    }
}

/// The lecture's weights for the textbook example, as the command line's `--weights` takes
/// them: h1 gets 0.1 from x₁ and 0.2 from x₂, h2 0.3 and 0.4, the output 0.5 and 0.6.
pub const TEXTBOOK_WEIGHTS: &str = "[[[0.1,0.2],[0.3,0.4]],[[0.5,0.6]]]";

/// A weight's name for a student, from its flat index: `x1 → h1.2`, `h2.1 → output 1`.
pub fn weight_name(net: &crate::engine::Network, index: usize, features: &[Feature]) -> String {
    use crate::explain::neuron_name;
    let layers = net.layers();
    for (l, layer) in layers.iter().enumerate() {
        for i in 0..layer.inputs {
            for j in 0..layer.outputs {
                if layer.weight_index(i, j) == index {
                    let from = if l == 0 {
                        features.get(i).map_or(format!("input {}", i + 1), |f| f.label().to_string())
                    } else {
                        neuron_name(l - 1, i, layers.len())
                    };
                    return format!("{from} → {}", neuron_name(l, j, layers.len()));
                }
            }
        }
    }
    format!("parameter {}", index + 1)
}

/// Keeps settings within what the page can show, saying what it changed.
pub fn fit_to_page(s: &mut Settings) -> Vec<String> {
    let mut notes = Vec::new();
    if s.layers.len() > UI_MAX_LAYERS {
        notes.push(format!("The page shows at most {UI_MAX_LAYERS} hidden layers, so the network was cut to {UI_MAX_LAYERS} (the command-line trainer takes more)."));
        s.layers.truncate(UI_MAX_LAYERS);
        if let Some(a) = &mut s.activations {
            a.truncate(UI_MAX_LAYERS);
        }
    }
    if s.layers.iter().any(|n| *n > UI_MAX_NEURONS) {
        notes.push(format!("The page shows at most {UI_MAX_NEURONS} neurons per layer, so bigger layers were cut to {UI_MAX_NEURONS}."));
        s.layers.iter_mut().for_each(|n| *n = (*n).min(UI_MAX_NEURONS));
    }
    notes
}

/// Where the browser keeps the last imported CSV file.
const STORED_DATA: &str = "neuroplay-custom-data";

fn store_custom(text: &str) {
    if let Ok(Some(storage)) = window().local_storage() {
        // A full storage only means the data is not kept for next time.
        let _ = storage.set_item(STORED_DATA, text);
    }
}

/// The last imported data, if this browser kept it and it still reads.
fn stored_custom() -> Option<std::sync::Arc<crate::formats::csv::CustomData>> {
    let text = window().local_storage().ok()??.get_item(STORED_DATA).ok()??;
    crate::formats::csv::parse(&text).ok().map(std::sync::Arc::new)
}

/// Reads the settings from the page's URL hash, leniently.
pub fn settings_from_hash() -> (Settings, Vec<String>) {
    let hash = window().location().hash().unwrap_or_default();
    let hash = hash.trim_start_matches('#');
    if hash.is_empty() {
        return (Settings::default(), Vec::new());
    }
    let (settings, errors) = Settings::parse_lenient_with(hash, stored_custom());
    if errors.is_empty() {
        return (settings, Vec::new());
    }
    let shown: Vec<String> = errors.iter().take(3).map(|e| e.to_string()).collect();
    let more = if errors.len() > 3 { format!(" (and {} more)", errors.len() - 3) } else { String::new() };
    (settings, vec![format!("Some settings in this link could not be used, so defaults stand in for them: {}{more}.", shown.join("; "))])
}

/// Writes the settings into the URL hash without adding a history entry.
pub fn write_hash(settings: &Settings) {
    let url = format!("#{settings}");
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

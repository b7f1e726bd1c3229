//! The page's state. [`AppState`] only composes: the settings (the single source of truth,
//! mirrored in the URL hash), the view signals, and the training session (plain engine data
//! kept out of the reactive graph). Each concern is a module that owns its state and logic:
//! - [`change`]: the one funnel every change goes through, and the table behind it;
//! - [`session`]: the runs (one list and the index shown), the points, the loss surface;
//! - [`training`]: playing, stepping, resetting, the figures copied to the page;
//! - [`walk`]: the backpropagation walk-through;
//! - [`edits`]: points, weights and biases edited by hand, files in and out;
//! - [`link`]: settings changes, the link in the address bar, lessons;
//! - [`notices`]: the notice area.

pub mod change;
pub mod edits;
pub mod link;
pub mod notices;
pub mod session;
pub mod training;
pub mod walk;

pub use change::{Change, Redraw};
pub use link::{settings_from_hash, write_hash};
pub use notices::Notice;
pub use session::{Run, Session, GRID, SURFACE_CELLS};
pub use walk::{WalkView, SECOND_WEIGHTS, TEXTBOOK_WEIGHTS};

use change::Work;
use leptos::prelude::*;
use neuroplay::config::Settings;
use neuroplay::data::Feature;
use neuroplay::engine::metrics::LossHistory;
use neuroplay::engine::StepStats;
use neuroplay::lessons::View;

/// The most hidden layers the diagram shows (the engine and the command line take more).
pub const UI_MAX_LAYERS: usize = 8;
/// The most neurons per layer the diagram shows.
pub const UI_MAX_NEURONS: usize = 16;
/// Points kept in the loss chart.
pub const HISTORY_POINTS: usize = 600;
/// Colours of a comparison's runs: their curves, their panels and their paths.
pub const RUN_COLOURS: [[u8; 3]; 6] = [[31, 119, 180], [214, 39, 40], [44, 160, 44], [148, 103, 189], [255, 127, 14], [23, 190, 207]];

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

/// Whether the system asks for a dark theme (the page starts in it; `d` or the button
/// switches). False where there is no window (the tests under Node).
fn prefers_dark() -> bool {
    web_sys::window().and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten()).is_some_and(|m| m.matches())
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

/// Which of the optional views ([`View`]) are open, as a set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OpenViews(u16);

impl OpenViews {
    /// Exactly these views.
    pub fn of(views: &[View]) -> OpenViews {
        let mut open = OpenViews::default();
        views.iter().for_each(|v| open.set(*v, true));
        open
    }

    /// Whether `v` is open.
    pub fn has(self, v: View) -> bool {
        self.0 & (1 << v as u16) != 0
    }

    /// Opens or closes `v`.
    pub fn set(&mut self, v: View, open: bool) {
        if open {
            self.0 |= 1 << v as u16;
        } else {
            self.0 &= !(1 << v as u16);
        }
    }
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

/// The page's state, shared through context. Every field is a cheap `Copy` handle.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The one settings value; every control edits it through [`AppState::set_setting`].
    pub settings: RwSignal<Settings>,
    /// Training is running.
    pub running: RwSignal<bool>,
    /// The figures shown (copied from the shown run's trainer each frame).
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
    /// The engine objects.
    pub session: StoredValue<Session>,
    /// The backpropagation walk-through in progress, if any.
    pub walk: RwSignal<Option<WalkView>>,
    /// A comparison's runs, their figures and curves (empty when nothing is compared).
    pub runs: RwSignal<Vec<RunFigures>>,
    /// The run the playground shows (0 unless a comparison's panel chose another).
    pub shown_run: RwSignal<usize>,
    /// The lecture being given (`None`: the built-in gallery) and the lesson of it open.
    pub lecture: RwSignal<Option<(neuroplay::lecture::Lecture, usize)>>,
    /// One version per picture ([`Redraw`]), advanced by the frame loop once the funnel's
    /// work for it is done: painters subscribe through [`AppState::watch`].
    redraws: [RwSignal<u64>; 5],
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
        let notice = (!notices.is_empty()).then(|| Notice::new(notices.join(" ")));
        let stats = session.trainer().stats();
        let state = AppState {
            settings: RwSignal::new(settings),
            running: RwSignal::new(false),
            stats: RwSignal::new(stats),
            history: RwSignal::new(LossHistory::new(HISTORY_POINTS)),
            notice: RwSignal::new(notice),
            speed: RwSignal::new(Speed::Epochs(1)),
            view: RwSignal::new(ViewOptions { dark: prefers_dark(), ..ViewOptions::default() }),
            hover: RwSignal::new(None),
            paint_class: RwSignal::new(1.0),
            session: StoredValue::new(session),
            walk: RwSignal::new(None),
            runs: RwSignal::new(Vec::new()),
            shown_run: RwSignal::new(0),
            lecture: RwSignal::new(None),
            redraws: std::array::from_fn(|_| RwSignal::new(0)),
        };
        state.change(Change::Runs);
        // The page is first built from this state: only its pictures wait for the first
        // evaluation (rebuilding the diagram once more would replace what was just made).
        state.session.update_value(|s| {
            s.redraw.take(Redraw::Network);
        });
        // A lesson's link opens the lesson's views too; a shared link what was open.
        state.show_as_linked(&state.settings.get_untracked());
        state
    }

    /// The state provided by [`App`](super::App).
    pub fn get() -> AppState {
        expect_context::<AppState>()
    }

    /// The funnel: every change to the session comes here, told its kind. The table in
    /// [`change`] decides what is recomputed now, what waits for the next frame (the grid
    /// evaluations), and which pictures are painted once that is done.
    pub fn change(&self, kind: Change) {
        let plan = kind.plan();
        let mut work = change::WorkSet::default();
        work.add(plan.work);
        let features = || self.settings.with_untracked(|s| s.features.clone());
        if work.has(Work::Rate) {
            let (lr, compared) = self.settings.with_untracked(|s| (s.lr, s.compare.iter().any(|g| g.key == "lr")));
            // Runs that compare learning rates keep their own.
            if !compared {
                self.session.update_value(|s| s.trainers_mut().into_iter().for_each(|t| t.set_learning_rate(lr)));
            }
        }
        if work.has(Work::SyncData) {
            let features = features();
            self.session.update_value(|s| s.sync_points(&features));
        }
        if work.has(Work::Reslice) {
            self.session.update_value(Session::reslice_if_needed);
        }
        if work.has(Work::Paths) {
            self.session.update_value(Session::record_paths);
        }
        if work.has(Work::ClearHover) {
            self.hover.set(None);
        }
        if work.has(Work::Figures) {
            self.restart_figures();
        }
        if work.has(Work::Stats) {
            self.publish();
        }
        if work.has(Work::RestartWalk) {
            self.rewalk(true);
        } else if work.has(Work::Walk) {
            self.rewalk(false);
        }
        self.session.update_value(|s| {
            s.work.add_deferred(work);
            s.redraw.add(plan.redraw);
        });
    }

    /// Subscribes the calling effect to a picture: it runs again whenever that picture is
    /// to be painted again.
    pub fn watch(&self, picture: Redraw) {
        self.redraws[picture.index()].track();
    }

    /// The version of a picture (how many times it was due to be painted).
    pub fn version(&self, picture: Redraw) -> u64 {
        self.redraws[picture.index()].get_untracked()
    }

    /// Called by the frame loop once the work for these pictures is done.
    pub(crate) fn redrawn(&self, ready: change::RedrawSet) {
        for r in Redraw::ALL {
            if ready.has(r) {
                self.redraws[r.index()].update(|v| *v = v.wrapping_add(1));
            }
        }
    }

    /// Whether a view is open (untracked).
    pub fn is_open(&self, v: View) -> bool {
        self.view.with_untracked(|o| o.open.has(v))
    }

    /// Opens or closes a view; the walk-through walks a point when it opens.
    pub fn set_open(&self, v: View, open: bool) {
        self.view.update(|o| o.open.set(v, open));
        if v == View::Walk {
            if open {
                self.walk_point(self.walk.get_untracked().map_or(0, |w| w.index));
            } else {
                self.walk.set(None);
            }
        }
        self.change(Change::View);
    }

    /// Changes display options (discretize, theme, presentation…): the pictures repaint.
    pub fn set_view(&self, edit: impl FnOnce(&mut ViewOptions)) {
        self.view.update(edit);
        self.change(Change::View);
    }
}

/// A weight's name for a student, from its flat index: `x1 → h1.2`, `h2.1 → output 1`.
pub fn weight_name(net: &neuroplay::engine::Network, index: usize, features: &[Feature]) -> String {
    use neuroplay::explain::neuron_name;
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

#[cfg(test)]
mod tests;

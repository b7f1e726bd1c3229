//! Training: play and pause, one epoch, reset, new data, showing a comparison's run, and
//! the figures copied from the trainers to the page.

use super::{AppState, Change, RunFigures, Session, HISTORY_POINTS};
use leptos::prelude::*;
use neuroplay::engine::metrics::LossHistory;
use neuroplay::engine::StepStats;

impl AppState {
    /// Starts or pauses training.
    pub fn toggle_play(&self) {
        if self.session.with_value(Session::finished) && !self.running.get_untracked() {
            self.say("This run has finished (it diverged or stopped early). Press reset to start again.");
            return;
        }
        self.running.update(|r| *r = !*r);
    }

    /// Pauses when training has just reached epoch `until` (it started this frame at
    /// `before`): "run to 200 and stop". Pressing play again goes on past it.
    pub fn pause_at(&self, until: Option<usize>, before: usize) {
        let Some(until) = until else { return };
        let epoch = self.session.with_value(|s| s.trainer().epoch());
        if before < until && epoch >= until && self.running.get_untracked() {
            self.running.set(false);
            self.say(format!("Paused at epoch {epoch}, as set (pause at epoch {until}). Press play to go on."));
        }
    }

    /// Trains one epoch, paused.
    pub fn step(&self) {
        self.running.set(false);
        self.session.update_value(Session::train_epoch);
        self.change(Change::Weights);
    }

    /// Starts the run again from fresh weights (same seed: the same run).
    pub fn reset(&self) {
        self.running.set(false);
        self.dismiss();
        let settings = self.settings.get_untracked();
        match Session::with_points(&settings, self.session.with_value(Session::points)) {
            Ok(session) => {
                self.session.set_value(session);
                self.change(Change::Runs);
            }
            Err(e) => self.say(e),
        }
    }

    /// New data from the next seed.
    pub fn regenerate(&self) {
        let seed = self.settings.get_untracked().seed.wrapping_add(1);
        self.set_setting("seed", &seed.to_string());
    }

    /// Divides the learning rate by 10 and starts again: the one-click fix when the rate
    /// made a run break down.
    pub fn lower_rate(&self) {
        let lr = self.settings.with_untracked(|s| s.lr) / 10.0;
        self.set_setting("lr", &format!("{lr}"));
        self.reset();
    }

    /// Shows run `k` of a comparison in the playground (diagram, boundary, figures).
    pub fn show_run(&self, k: usize) {
        if k == self.shown_run.get_untracked() || !self.session.try_update_value(|s| s.show_run(k)).unwrap_or(false) {
            return;
        }
        self.shown_run.set(k);
        if let Some(h) = self.runs.with_untracked(|r| r.get(k).map(|f| f.history.clone())) {
            self.history.set(h);
        }
        self.stats.set(self.session.with_value(|s| s.trainer().stats()));
        // The shown network may have another shape (a comparison of batch normalization).
        self.change(Change::Shape);
    }

    /// Takes a new slice of the loss surface through the shown weights: along two weights
    /// (flat indices), or two fresh random directions.
    pub fn reslice(&self, weights: Option<(usize, usize)>) {
        let (features, seed) = self.settings.with_untracked(|s| (s.features.clone(), s.seed));
        // Each "slice again" draws new directions.
        let nonce = self.version(super::Redraw::Pictures).wrapping_mul(0x9e37_79b9);
        self.session.update_value(|s| s.reslice(weights, &features, seed ^ nonce));
        self.change(Change::View);
    }

    /// The figures and curves start again from the trainers as they are (a new session).
    pub(super) fn restart_figures(&self) {
        let stats = self.session.with_value(|s| s.trainer().stats());
        self.stats.set(stats);
        self.history.update(|h| {
            h.clear();
            h.push((&stats).into());
        });
        self.runs.set(self.session.with_value(fresh_figures));
        self.shown_run.set(self.session.with_value(|s| s.shown));
    }

    /// Copies the trainers' figures to the page; pauses and explains on divergence (in a
    /// comparison, a run that diverges drops out and the others go on).
    pub(super) fn publish(&self) {
        let (stats, stop, all) = self.session.with_value(|s| {
            let all: Vec<(StepStats, Option<StepStats>)> =
                if s.comparing() { s.runs.iter().map(|r| (r.trainer.stats(), r.trainer.stopped_at())).collect() } else { Vec::new() };
            (s.trainer().stats(), s.trainer().stopped_at(), all)
        });
        let before = self.stats.get_untracked();
        if stats != before {
            self.stats.set(stats);
            // Early stopping brings back an earlier epoch's weights: the curve keeps the
            // epochs that justified stopping, up to the one it stopped at, and marks the
            // stop and the epoch restored.
            if stats.stopped_early && !before.stopped_early {
                self.history.update(|h| stop_marked(h, stop, stats.epoch));
            } else {
                self.history.update(|h| h.push((&stats).into()));
            }
        }
        if !all.is_empty() {
            self.publish_runs(&all);
            return;
        }
        if stats.diverged && self.running.get_untracked() {
            self.running.set(false);
            let (text, rate) = breakdown_text(&stats);
            self.say_breakdown(text, rate);
        } else if stats.stopped_early && self.running.get_untracked() {
            self.running.set(false);
            let watched = if stats.val_loss.is_some() { "validation" } else { "test" };
            self.say(format!("Early stopping: the {watched} loss stopped improving, so the weights of epoch {} are back.", stats.epoch));
        }
    }

    /// A comparison's figures: each run's curve grows; a run that diverged is named.
    fn publish_runs(&self, all: &[(StepStats, Option<StepStats>)]) {
        let mut news = Vec::new();
        self.runs.update(|figures| {
            for (k, (f, (st, stop))) in figures.iter_mut().zip(all).enumerate() {
                if f.stats == *st {
                    continue;
                }
                if st.diverged && !f.stats.diverged {
                    let why = st.breakdown.map_or("its loss overflowed".to_string(), |b| b.reason());
                    news.push(format!("Run {} ({}) stopped at epoch {}: {why} The others go on.", k + 1, f.label, st.epoch));
                }
                if st.stopped_early && !f.stats.stopped_early {
                    stop_marked(&mut f.history, *stop, st.epoch);
                } else {
                    f.history.push(st.into());
                }
                f.stats = *st;
            }
        });
        if !news.is_empty() {
            self.say(news.join(" "));
        }
        if self.running.get_untracked() && all.iter().all(|(s, _)| s.diverged || s.stopped_early) {
            self.running.set(false);
            self.say("Every run has finished (diverged or stopped early). Press reset to race them again.");
        }
    }
}

/// Why a run stopped, for a student, and whether the rate is to blame.
fn breakdown_text(stats: &StepStats) -> (String, bool) {
    use neuroplay::engine::trainer::Cause;
    match &stats.breakdown {
        Some(b) => {
            let what = if b.non_finite { "the loss overflowed" } else { "the loss swings and grows instead of falling" };
            (format!("Training stopped at epoch {}: {what}. {}", stats.epoch, b.reason()), matches!(b.cause, Cause::LearningRate))
        }
        None => (format!("Training stopped at epoch {}: the loss became infinite or not a number. The learning rate is probably too high: lower it, then reset.", stats.epoch), true),
    }
}

/// Early stopping in a run's curve: the epoch it stopped at (its figures, when the trainer
/// kept them), then the marks of the stop and of the epoch `best` whose weights are back.
fn stop_marked(h: &mut LossHistory, stop: Option<StepStats>, best: usize) {
    if let Some(stop) = stop {
        h.push((&stop).into());
    }
    h.mark_early_stop(best);
}

/// Each run's figures as they are in the session, with a history of one point (none when
/// nothing is compared).
fn fresh_figures(s: &Session) -> Vec<RunFigures> {
    if !s.comparing() {
        return Vec::new();
    }
    s.runs
        .iter()
        .map(|r| {
            let stats = r.trainer.stats();
            let mut history = LossHistory::new(HISTORY_POINTS);
            history.push((&stats).into());
            RunFigures { label: r.label.clone(), stats, history }
        })
        .collect()
}

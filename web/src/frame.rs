//! The animation loop: each frame trains within a time budget, evaluates the network on
//! the heatmap grid once (one batch), fills the neurons' RGBA buffers, then advances the
//! ready pictures' versions so the few painting effects repaint. Settings are read untracked:
//! the loop subscribes to nothing.

use super::state::change::{RedrawSet, Work};
use super::state::{AppState, Change, Redraw, Session, GRID};
use leptos::prelude::*;
use neuroplay::engine::loss::Output;
use neuroplay::engine::{Activation, Network};
use neuroplay::lessons::View;
use neuroplay::viz;

/// Most milliseconds of training per frame (a 60 fps frame is 16.7 ms).
pub const TRAIN_BUDGET_MS: f64 = 10.0;
/// Fewest milliseconds of training per frame at full speed.
const MIN_TRAIN_MS: f64 = 2.0;

/// Milliseconds from `performance.now()`.
pub fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// How much training fits in a frame: the budget shrinks when a frame came late (the
/// drawing and the browser's own work took the rest) and creeps back up while frames
/// keep the display's pace, so full speed never costs frames.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pace {
    /// Milliseconds of training this frame.
    pub budget: f64,
    /// When the last frame started.
    last: f64,
}

impl Pace {
    /// A frame later than this (ms since the last) missed the display's beat.
    const LATE: f64 = 21.0;

    /// The full budget, no frame seen yet.
    pub fn new() -> Pace {
        Pace { budget: TRAIN_BUDGET_MS, last: f64::NAN }
    }

    /// Takes note of a frame starting at `t` (ms) and returns the pace for it.
    pub fn tick(self, t: f64) -> Pace {
        let interval = t - self.last;
        let budget = if interval > Self::LATE && interval < 250.0 {
            self.budget - 1.5
        } else if interval <= Self::LATE {
            self.budget + 0.05
        } else {
            // The first frame, or one after the page was hidden: no news.
            self.budget
        };
        Pace { budget: budget.clamp(MIN_TRAIN_MS, TRAIN_BUDGET_MS), last: t }
    }
}

impl Default for Pace {
    fn default() -> Self {
        Pace::new()
    }
}

/// Starts the loop; it runs for the life of the page.
pub fn start(state: AppState) {
    fn frame(state: AppState, pace: Pace, count: u64) {
        let pace = tick(state, pace, count);
        request_animation_frame(move || frame(state, pace, count.wrapping_add(1)));
    }
    request_animation_frame(move || frame(state, Pace::new(), 0));
}

/// One frame: trains within the pace's budget (a change of the weights, through the
/// funnel), does the work the funnel left for a frame, and tells the painters whose
/// pictures are ready. Returns the pace for the next frame.
pub fn tick(state: AppState, pace: Pace, count: u64) -> Pace {
    let pace = pace.tick(now());
    let running = state.running.get_untracked();
    if running {
        let speed = state.speed.get_untracked();
        let until = state.settings.with_untracked(|s| s.until);
        let before = state.session.with_value(|s| s.trainer().epoch());
        state.session.update_value(|s| s.train(speed, pace.budget, &now, until));
        state.change(Change::Weights);
        state.pause_at(until, before);
    }
    let surface_open = state.is_open(View::LossSurface);
    let ready = state
        .session
        .try_update_value(|s| {
            // A large network's pictures (its grid evaluation and every neuron's heatmap)
            // are redrawn every other frame while it trains: half the drawing, at 30 per
            // second. The other runs' small boundaries a few times a second.
            let pictures = !(running && count % 2 == 1 && s.trainer().network().params().len() > HALF_RATE_PARAMS);
            let runs = !running || count.is_multiple_of(RUNS_EVERY);
            finish_frame(s, pictures, runs, surface_open)
        })
        .unwrap_or_default();
    if !ready.is_empty() {
        state.redrawn(ready);
    }
    pace
}

/// Networks with more parameters than this redraw their pictures at half the frame rate
/// while training (8 hidden layers of 16 have 2,033; 8,8,8 has 177).
const HALF_RATE_PARAMS: usize = 1000;
/// While training, the other runs' boundaries are recomputed every this many frames.
const RUNS_EVERY: u64 = 4;
/// Milliseconds per frame spent on the loss surface's grid while one is computed.
const SURFACE_MS: f64 = 3.0;

/// Does the grid evaluations the funnel left for this frame (the shown run's when
/// `pictures`, the others' when `runs`) and a few rows of the loss surface's grid when it
/// is open; returns the pictures now ready to paint (the rest wait for their work).
pub fn finish_frame(s: &mut Session, pictures: bool, runs: bool, surface_open: bool) -> RedrawSet {
    let mut held = RedrawSet::default();
    if s.work.has(Work::Predictions) {
        if pictures {
            s.work.take(Work::Predictions);
            s.evaluate_shown();
        } else {
            held.add(&[Redraw::Pictures]);
        }
    }
    if s.work.has(Work::RunPredictions) {
        if runs {
            s.work.take(Work::RunPredictions);
            if s.comparing() {
                s.evaluate_others();
            }
        } else {
            held.add(&[Redraw::Runs]);
        }
    }
    if surface_open {
        if s.surface.needs_grid() {
            let t = &s.runs[s.shown].trainer;
            s.surface.start(t.network(), t.train_set());
        }
        if s.surface.progress().is_some() {
            s.surface.advance(SURFACE_MS, &now);
            s.redraw.add(&[Redraw::Surface]);
        }
    }
    let mut ready = s.redraw;
    for r in Redraw::ALL {
        if held.has(r) {
            ready.take(r);
        } else {
            s.redraw.take(r);
        }
    }
    ready
}

/// Steps of the diverging colour map's lookup table over [−1, 1].
const LUT_STEPS: usize = 512;

/// The diverging map sampled at `LUT_STEPS + 1` points from −1 to 1, as RGBA: painting a
/// cell is then one lookup instead of three roundings per channel (every neuron's
/// thumbnail is repainted each frame).
fn diverging_lut() -> &'static [[u8; 4]] {
    static LUT: std::sync::OnceLock<Vec<[u8; 4]>> = std::sync::OnceLock::new();
    LUT.get_or_init(|| {
        (0..=LUT_STEPS)
            .map(|i| {
                let [r, g, b] = viz::diverging(2.0 * i as f32 / LUT_STEPS as f32 - 1.0);
                [r, g, b, 255]
            })
            .collect()
    })
}

/// [`viz::paint_scaled`] through the lookup table: `range` maps to the whole map (NaN
/// shows neutral, as there).
pub fn paint_scaled_fast(values: &[f32], range: (f32, f32), out: &mut [u8]) {
    assert_eq!(out.len(), values.len() * 4, "paint: RGBA buffer size");
    let lut = diverging_lut();
    let (lo, hi) = range;
    let span = if hi > lo { hi - lo } else { 1.0 };
    let scale = LUT_STEPS as f32 / span;
    let neutral = LUT_STEPS / 2;
    for (px, &v) in out.chunks_exact_mut(4).zip(values) {
        // Rounded to the nearest step; the cast saturates, NaN goes to the middle.
        let i = if v.is_nan() { neutral } else { (((v - lo) * scale + 0.5).max(0.0) as usize).min(LUT_STEPS) };
        if let ([r, g, b, a], [cr, cg, cb, ca]) = (px, lut[i]) {
            (*r, *g, *b, *a) = (cr, cg, cb, ca);
        }
    }
}

/// How one neuron's activations become colours: the output layer by its kind (one output
/// aims at the label 0 or 1 when `classify`, else at a target in −1..1), a hidden neuron
/// by its activation's range.
pub fn paint_neuron(column: &[f32], hidden: Option<Activation>, output: Output, classify: bool, j: usize, buf: &mut [u8]) {
    match (hidden, output) {
        (Some(act), _) => paint_scaled_fast(column, viz::neuron_scale(act, column), buf),
        // Each class's probability in that class's colour.
        (None, Output::Softmax) => viz::paint_class_probability(column, j, buf),
        (None, _) if classify => paint_scaled_fast(column, (0.0, 1.0), buf),
        (None, _) => paint_scaled_fast(column, (-1.0, 1.0), buf),
    }
}

/// The activation that colours neuron rows of layer `l`: `None` for the output layer.
pub fn hidden_activation(net: &Network, l: usize) -> Option<Activation> {
    let layers = net.layers();
    (l + 1 < layers.len()).then(|| layers[l].activation)
}

/// Samples neuron `j`'s activations over the grid (`cells × width`) at the centres of a
/// `t × t` picture's pixels, into `column`: a thumbnail as large as it is shown.
pub fn sample_neuron(acts: &[f32], width: usize, j: usize, t: usize, column: &mut Vec<f32>) {
    column.clear();
    let cell = |p: usize| ((2 * p + 1) * GRID.n / (2 * t)).min(GRID.n - 1);
    for py in 0..t {
        let row = cell(py) * GRID.n;
        column.extend((0..t).map(|px| acts[(row + cell(px)) * width + j]));
    }
}

/// Paints neuron `j` of layer `l` over the full grid (shown large in the output), from
/// the last evaluation of the grid; false if there is no such neuron.
pub fn paint_neuron_large(s: &Session, l: usize, j: usize, column: &mut Vec<f32>, out: &mut [u8]) -> bool {
    let net = s.trainer().network();
    let Some(layer) = net.layers().get(l) else { return false };
    let acts = net.inferred(l).as_slice();
    if j >= layer.outputs || acts.len() != GRID.n * GRID.n * layer.outputs {
        return false;
    }
    let Some((output, _, classify)) = s.output_of(s.shown) else { return false };
    sample_neuron(acts, layer.outputs, j, GRID.n, column);
    paint_neuron(column, hidden_activation(net, l), output, classify, j, out);
    true
}

/// Paints run `k`'s predictions over the grid, read by its own output (runs that compare
/// losses differ in it): the decision boundary, or the fitted surface for regression.
/// False, painting nothing, if they are not a whole grid's.
pub fn paint_output(s: &Session, k: usize, discretize: bool, out: &mut [u8]) -> bool {
    let (Some((output, outputs, classify)), Some(run)) = (s.output_of(k), s.runs.get(k)) else { return false };
    if run.predictions.len() != GRID.n * GRID.n * outputs {
        return false;
    }
    viz::paint_predictions(output, outputs, classify, &run.predictions, discretize, out);
    true
}

#[cfg(test)]
mod tests {
    use super::{paint_scaled_fast, sample_neuron, Pace, MIN_TRAIN_MS, TRAIN_BUDGET_MS};
    use crate::state::GRID;
    use neuroplay::viz;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_lookup_table_paints_what_the_colour_map_paints() {
        let values: Vec<f32> = (0..=2000).map(|i| -1.3 + 2.6 * i as f32 / 2000.0).chain([f32::NAN]).collect();
        for range in [(-1.0, 1.0), (0.0, 1.0), (-0.3, 0.3)] {
            let (mut fast, mut exact) = (vec![0u8; values.len() * 4], vec![0u8; values.len() * 4]);
            paint_scaled_fast(&values, range, &mut fast);
            viz::paint_scaled(&values, range, &mut exact);
            let worst = fast.iter().zip(&exact).map(|(a, b)| a.abs_diff(*b)).max().unwrap();
            assert!(worst <= 1, "{range:?}: a channel differs by {worst}");
        }
    }

    #[test]
    fn late_frames_shrink_the_training_budget_and_steady_ones_restore_it() {
        let mut pace = Pace::new().tick(0.0);
        assert_eq!(pace.budget, TRAIN_BUDGET_MS);
        let mut t = 0.0;
        for _ in 0..10 {
            t += 33.4;
            pace = pace.tick(t);
        }
        assert_eq!(pace.budget, MIN_TRAIN_MS, "every frame late: the least training");
        let low = pace.budget;
        for _ in 0..20 {
            t += 16.7;
            pace = pace.tick(t);
        }
        assert!(pace.budget > low && pace.budget < TRAIN_BUDGET_MS, "on time: slowly more ({})", pace.budget);
        pace = pace.tick(t + 5000.0);
        assert!(pace.budget > low, "a pause (a hidden tab) is no news");
    }

    #[test]
    fn a_thumbnail_samples_the_grid_at_its_pixels() {
        // Two neurons side by side: the first is its cell's column, the second its row.
        let n = GRID.n;
        let acts: Vec<f32> = (0..n * n).flat_map(|r| [(r % n) as f32, (r / n) as f32]).collect();
        let mut column = Vec::new();
        sample_neuron(&acts, 2, 0, n, &mut column);
        assert_eq!(column, acts.iter().step_by(2).copied().collect::<Vec<_>>(), "at the grid's size, the grid");
        sample_neuron(&acts, 2, 0, n / 2, &mut column);
        assert_eq!(column.len(), n * n / 4);
        assert_eq!(&column[..3], &[1.0, 3.0, 5.0], "every other cell, from the middle of each pair");
        sample_neuron(&acts, 2, 1, 13, &mut column);
        assert_eq!(column.len(), 169);
        assert_eq!(column[0], 3.0, "a 13-pixel thumbnail's first pixel covers cells 0 to 7");
        assert_eq!(column[13 * 12], 96.0, "and its last row the bottom of the grid");
    }
}

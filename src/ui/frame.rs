//! The animation loop: each frame trains within a time budget, evaluates the network on
//! the heatmap grid once (one batch), fills every RGBA buffer, then bumps one counter so
//! the canvases repaint. Settings are read untracked: the loop subscribes to nothing.

use super::state::{AppState, Session, Speed, GRID};
use crate::engine::loss::Output;
use crate::viz;
use leptos::prelude::*;

/// Milliseconds of training per frame at full speed (a 60 fps frame is 16.7 ms).
pub const TRAIN_BUDGET_MS: f64 = 10.0;

fn now() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

/// Starts the loop; it runs for the life of the page.
pub fn start(state: AppState) {
    fn frame(state: AppState) {
        if state.running.get_untracked() {
            let speed = state.speed.get_untracked();
            state.session.update_value(|s| {
                match speed {
                    Speed::Step => {
                        s.trainer.step();
                    }
                    Speed::Epochs(n) => {
                        s.trainer.train_for(TRAIN_BUDGET_MS, n, &now);
                    }
                    Speed::Max => {
                        s.trainer.train_for(TRAIN_BUDGET_MS, usize::MAX, &now);
                    }
                }
                s.trainer.update_stats();
                s.dirty = true;
            });
            state.publish();
        }
        let painted = state.session.try_update_value(refresh_buffers).unwrap_or(false);
        if painted {
            state.frame.update(|f| *f = f.wrapping_add(1));
        }
        request_animation_frame(move || frame(state));
    }
    request_animation_frame(move || frame(state));
}

/// Recomputes the heatmap buffers if anything changed; returns whether it did.
pub fn refresh_buffers(s: &mut Session) -> bool {
    if !s.dirty {
        return false;
    }
    s.dirty = false;
    let cells = GRID.n * GRID.n;
    let classify = s.trainer.classifies();
    let net = s.trainer.network_mut();
    let (output, outputs) = (net.config().output, net.config().outputs);
    net.infer(&s.grid_inputs);
    let net = &*net;
    let layers = net.layers();
    let last = layers.len() - 1;
    // One buffer per neuron (the output layer's last), reused across frames.
    s.neuron_rgba.resize_with(layers.len(), Vec::new);
    let column = &mut s.column;
    column.resize(cells, 0.0);
    for (l, layer) in layers.iter().enumerate() {
        let acts = net.inferred(l).as_slice();
        let bufs = &mut s.neuron_rgba[l];
        bufs.resize_with(layer.outputs, || vec![0; cells * 4]);
        for (j, buf) in bufs.iter_mut().enumerate() {
            for (r, v) in column.iter_mut().enumerate() {
                *v = acts[r * layer.outputs + j];
            }
            match (l == last, output) {
                // Each class's probability in that class's colour.
                (true, Output::Softmax) => viz::paint_class_probability(column, j, buf),
                // One output aims at the label 0 or 1, or at a target in −1..1.
                (true, _) if classify => viz::paint_scaled(column, (0.0, 1.0), buf),
                (true, _) => viz::paint_scaled(column, (-1.0, 1.0), buf),
                _ => viz::paint_scaled(column, viz::neuron_scale(layer.activation, column), buf),
            }
        }
    }
    s.predictions.clear();
    s.predictions.extend_from_slice(net.inferred(last).as_slice());
    s.output = (output, outputs);
    s.classify = classify;
    true
}

/// Paints the network's output over the grid: the decision boundary (or the fitted
/// surface for regression).
pub fn paint_output(s: &Session, discretize: bool, out: &mut [u8]) {
    let (output, outputs) = s.output;
    if s.predictions.len() != GRID.n * GRID.n * outputs {
        return;
    }
    viz::paint_predictions(output, outputs, s.classify, &s.predictions, discretize, out);
}

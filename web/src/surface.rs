//! The loss surface: the shown run's loss over a plane through the weights, as a heatmap
//! with contour lines, and every run's path on it as it trains — the optimizers' race on
//! the network's real loss. The grid is computed a few rows a frame (in the frame loop);
//! this view only paints it, and the paths over it.

use super::canvas::{context, put_rgba};
use super::state::{weight_name, AppState, Redraw, RUN_COLOURS};
use leptos::html::Canvas;
use leptos::prelude::*;
use neuroplay::lessons::View;
use neuroplay::viz;

/// Side in canvas pixels of the paths' layer (CSS scales it to the view's size).
const SIDE: f64 = 640.0;

/// The grid's colours: blue where the loss is low, orange where it is high, on a log
/// scale from the lowest loss to the 95th percentile (a diverging corner stays orange).
fn paint_losses(grid: &[f32], out: &mut [u8]) -> (f32, f32) {
    let mut logs: Vec<f32> = grid.iter().map(|v| v.max(1e-12).log10()).filter(|v| v.is_finite()).collect();
    logs.sort_by(f32::total_cmp);
    let lo = logs.first().copied().unwrap_or(0.0);
    let hi = logs.get(logs.len() * 95 / 100).copied().unwrap_or(lo + 1.0).max(lo + 1e-3);
    let scaled: Vec<f32> = grid.iter().map(|v| 1.0 - 2.0 * ((v.max(1e-12).log10() - lo) / (hi - lo)).clamp(0.0, 1.0)).collect();
    viz::paint_signed(&scaled, false, out);
    (lo, hi)
}

/// Where `(a, b)` falls on the paths' layer.
fn to_px((a0, a1, b0, b1): (f32, f32, f32, f32), (a, b): (f32, f32)) -> (f64, f64) {
    (((a - a0) / (a1 - a0)) as f64 * SIDE, ((b1 - b) / (b1 - b0)) as f64 * SIDE)
}

/// The contour lines, then each run's path: a ring where it started, a dot where it is.
fn draw_overlay(
    canvas: &web_sys::HtmlCanvasElement,
    segments: &[(usize, [(f32, f32); 2])],
    n: usize,
    paths: &[Vec<(f32, f32)>],
    range: (f32, f32, f32, f32),
) {
    let Some(ctx) = context(canvas) else { return };
    ctx.clear_rect(0.0, 0.0, SIDE, SIDE);
    let cell = SIDE / n as f64;
    ctx.set_stroke_style_str("rgba(20, 24, 32, 0.45)");
    ctx.set_line_width(1.2);
    ctx.begin_path();
    for (_, [(x0, y0), (x1, y1)]) in segments {
        ctx.move_to((*x0 as f64 + 0.5) * cell, (*y0 as f64 + 0.5) * cell);
        ctx.line_to((*x1 as f64 + 0.5) * cell, (*y1 as f64 + 0.5) * cell);
    }
    ctx.stroke();
    let colour = |k: usize| viz::css(RUN_COLOURS[k % RUN_COLOURS.len()]);
    for (k, path) in paths.iter().enumerate() {
        ctx.set_stroke_style_str(&colour(k));
        ctx.set_line_width(3.0);
        ctx.begin_path();
        for (i, p) in path.iter().enumerate() {
            let (x, y) = to_px(range, *p);
            if i == 0 {
                ctx.move_to(x, y);
            } else {
                ctx.line_to(x, y);
            }
        }
        ctx.stroke();
    }
    // Where the runs started (a comparison's all at one point), then where each is: run
    // 1's dot on top.
    ctx.set_stroke_style_str("rgba(20, 24, 32, 0.9)");
    ctx.set_line_width(2.5);
    for first in paths.iter().filter_map(|p| p.first()) {
        let (x, y) = to_px(range, *first);
        ctx.begin_path();
        let _ = ctx.arc(x, y, 9.0, 0.0, std::f64::consts::TAU);
        ctx.stroke();
    }
    for (k, last) in paths.iter().enumerate().filter_map(|(k, p)| p.last().map(|l| (k, l))).rev() {
        let (x, y) = to_px(range, *last);
        ctx.begin_path();
        let _ = ctx.arc(x, y, 8.0, 0.0, std::f64::consts::TAU);
        ctx.set_fill_style_str(&colour(k));
        ctx.fill();
        ctx.set_stroke_style_str("#fff");
        ctx.set_line_width(2.0);
        ctx.stroke();
    }
}

/// Chooses the plane: two random directions, or two of the network's weights.
#[component]
fn SliceChoice() -> impl IntoView {
    let st = AppState::get();
    // The weights' names, read when the network's shape changes.
    let names = Memo::new(move |_| {
        st.watch(Redraw::Network);
        let features = st.settings.with_untracked(|s| s.features.clone());
        st.session.with_value(|s| {
            let net = s.trainer().network();
            let mut weights: Vec<usize> = net
                .layers()
                .iter()
                .flat_map(|l| (0..l.inputs).flat_map(move |i| (0..l.outputs).map(move |j| l.weight_index(i, j))))
                .collect();
            weights.sort_unstable();
            weights.into_iter().map(|w| (w, weight_name(net, w, &features))).collect::<Vec<_>>()
        })
    });
    let axes = RwSignal::new(None::<(usize, usize)>);
    let reslice = move |choice: Option<(usize, usize)>| {
        axes.set(choice);
        st.reslice(choice);
    };
    let pick = move |axis: usize, value: String| {
        let Ok(w) = value.parse::<usize>() else { return };
        let (mut i, mut j) = axes.get_untracked().unwrap_or_else(|| {
            let n = names.with_untracked(|n| (n.first().map(|x| x.0), n.get(1).map(|x| x.0)));
            (n.0.unwrap_or(0), n.1.unwrap_or(1))
        });
        if axis == 0 {
            i = w
        } else {
            j = w
        }
        if i == j {
            st.say("Pick two different weights for the two axes.");
            return;
        }
        reslice(Some((i, j)));
    };
    let options = move |selected: Option<usize>| {
        names
            .get()
            .into_iter()
            .map(move |(w, name)| view! { <option value=w.to_string() selected=selected == Some(w)>{name}</option> })
            .collect_view()
    };
    view! {
        <div class="surface-choice io-row">
            <label class="control">
                <span class="control-label">"Slice"</span>
                <select
                    data-testid="surface-slice"
                    on:change=move |ev| {
                        if event_target_value(&ev) == "weights" {
                            let n = names.with_untracked(|n| (n.first().map(|x| x.0), n.get(1).map(|x| x.0)));
                            if let (Some(i), Some(j)) = n {
                                reslice(Some((i, j)));
                            }
                        } else {
                            reslice(None);
                        }
                    }
                    prop:value=move || if axes.get().is_some() { "weights" } else { "random" }
                >
                    <option value="random">"random directions"</option>
                    <option value="weights">"two weights"</option>
                </select>
            </label>
            <Show when=move || axes.get().is_some()>
                <label class="control">
                    <span class="control-label">"Across"</span>
                    <select data-testid="surface-axis-1" on:change=move |ev| pick(0, event_target_value(&ev))>
                        {move || options(axes.get().map(|a| a.0))}
                    </select>
                </label>
                <label class="control">
                    <span class="control-label">"Up"</span>
                    <select data-testid="surface-axis-2" on:change=move |ev| pick(1, event_target_value(&ev))>
                        {move || options(axes.get().map(|a| a.1))}
                    </select>
                </label>
            </Show>
            <button
                class="small"
                data-testid="surface-reslice"
                title="Slice again, through the weights as they are now"
                on:click=move |_| reslice(axes.get_untracked())
            >
                "Slice again now"
            </button>
        </div>
    }
}

/// The loss surface view (opened from the views bar or by a lesson).
#[component]
pub fn LossSurface() -> impl IntoView {
    let st = AppState::get();
    let open = Memo::new(move |_| st.view.with(|v| v.open.has(View::LossSurface)));
    view! {
        <Show when=move || open.get()>
            <SurfacePanel />
        </Show>
    }
}

/// The heatmap, its contours and the paths, and what they show.
#[component]
fn SurfacePanel() -> impl IntoView {
    let st = AppState::get();
    let labels = super::output::run_labels(st);
    let heat = NodeRef::<Canvas>::new();
    let overlay = NodeRef::<Canvas>::new();
    let about = RwSignal::new(String::new());
    let scale = RwSignal::new(String::new());
    let progress = RwSignal::new(None::<u32>);
    // What the last painted grid was, and its contour lines.
    let painted = StoredValue::new((u64::MAX, 0usize));
    let segments = StoredValue::new(Vec::<(usize, [(f32, f32); 2])>::new());
    Effect::new(move |_| {
        st.watch(Redraw::Pictures);
        st.watch(Redraw::Surface);
        let (Some(h), Some(o)) = (heat.get(), overlay.get()) else { return };
        let shown = st.shown_run.get_untracked();
        st.session.with_value(|s| {
            let t = &s.surface;
            let p = t.progress().map(|p| (p * 100.0) as u32);
            if progress.get_untracked() != p {
                progress.set(p);
            }
            let identity = (t.version, t.paths.len());
            if t.grid.len() == t.n * t.n && painted.get_value() != identity {
                painted.set_value(identity);
                let mut buf = vec![0u8; t.n * t.n * 4];
                let (lo, hi) = paint_losses(&t.grid, &mut buf);
                h.set_width(t.n as u32);
                h.set_height(t.n as u32);
                put_rgba(&h, &buf, t.n as u32, t.n as u32);
                let logs: Vec<f32> = t.grid.iter().map(|v| v.max(1e-12).log10()).collect();
                let levels: Vec<f32> = (1..10).map(|i| lo + (hi - lo) * i as f32 / 10.0).collect();
                segments.set_value(viz::contours(&logs, t.n, &levels));
                let (a0, a1, b0, b1) = t.range;
                let axes = if t.slice.absolute {
                    format!("across: the first weight from {a0:.2} to {a1:.2}; up: the second from {b0:.2} to {b1:.2}")
                } else {
                    format!("across and up: steps along the two directions, from {a0:.2} to {a1:.2} and {b0:.2} to {b1:.2} (1 = the size of each neuron's weights)")
                };
                let whose = if labels.with_untracked(Vec::is_empty) { "the network's".to_string() } else { format!("run {}'s", shown + 1) };
                let text = format!(
                    "Slice: {}. The colour is {whose} mean loss over the training set, on a log scale from blue (low) to orange (high), with contour lines between; {axes}.",
                    t.slice.label
                );
                about.set(text);
                scale.set(format!("loss from {:.3} (blue) to {:.3} (orange)", 10f32.powf(lo), 10f32.powf(hi)));
            }
            if !t.grid.is_empty() {
                segments.with_value(|seg| draw_overlay(&o, seg, t.n, &t.paths, t.range));
            }
        });
    });
    let legend = move || {
        labels.with(|labels| {
            if labels.is_empty() {
                return "The path is the run's weights, epoch by epoch: a ring where it started, a dot where it is.".to_string();
            }
            let names: Vec<String> = labels.iter().enumerate().map(|(k, l)| format!("{} {l}", k + 1)).collect();
            format!(
                "Paths (a ring where each run started, a dot where it is), in the runs' colours: {}. A run whose network has another shape (batch normalization compared) has no path on this plane.",
                names.join(" · ")
            )
        })
    };
    view! {
        <section class="panel surface-panel" aria-label="Loss surface">
            <h2>"Loss surface"</h2>
            <SliceChoice />
            <div class="surface-body">
                <div class="surface-plot">
                    <canvas node_ref=heat class="surface-heat" width="40" height="40" aria-hidden="true"></canvas>
                    <canvas
                        node_ref=overlay
                        class="surface-overlay"
                        data-testid="loss-surface"
                        width=SIDE.to_string()
                        height=SIDE.to_string()
                        role="img"
                        aria-label=move || about.get()
                    ></canvas>
                    <Show when=move || progress.get().is_some()>
                        <span class="surface-progress" data-testid="surface-progress">
                            {move || format!("computing the surface… {}%", progress.get().unwrap_or(0))}
                        </span>
                    </Show>
                </div>
                // The scale in view (presented too: it is not a hint); how to read the rest
                // folded (a short projector's cell has room for the plot and a line or two
                // beside it).
                <div class="surface-text">
                    <p class="surface-scale" data-testid="surface-scale">{move || scale.get()}</p>
                    <details class="surface-about">
                        <summary>"How to read it"</summary>
                        <p data-testid="surface-label">{move || about.get()}</p>
                        <p>{legend}</p>
                        <p>
                            "Each run's path is its weights projected onto this plane; with random directions it shows the direction of travel, not every turn. The grid follows the paths: when one leaves it, a larger one is computed."
                        </p>
                    </details>
                </div>
            </div>
        </section>
    }
}

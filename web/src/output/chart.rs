//! The loss chart: every curve over the epochs (a comparison's runs each in its colour),
//! the best epoch and the gap marked, a readout under the pointer and the curves read aloud.

use super::fmt_loss;
use crate::charts::{palette, rgb, themed};
use crate::state::{AppState, RunFigures, RUN_COLOURS};
use leptos::html::Canvas;
use leptos::prelude::*;
use neuroplay::engine::metrics::{LossHistory, LossPoint};
use neuroplay::viz;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;

/// Least milliseconds between two drawings of the loss chart (it is redrawn 20 times a
/// second at most while training).
const CHART_MS: f64 = 50.0;

/// Where the chart's plotting area lies on its canvas, and the x range it shows.
#[derive(Clone, Copy, Default)]
struct ChartFrame {
    left: f64,
    right: f64,
    max_epoch: f64,
}

/// What the loss chart draws.
#[derive(Clone, Copy)]
enum Curves<'a> {
    /// One run: training, test and (when there is one) validation loss, the best epoch and
    /// the generalisation gap.
    One(&'a LossHistory),
    /// A comparison: each run's watched loss (validation's when there is a validation set,
    /// else test's; bold) and training loss (faint) in its colour.
    Runs(&'a [RunFigures]),
}

impl Curves<'_> {
    /// Every history drawn.
    fn histories(&self) -> Vec<&LossHistory> {
        match self {
            Curves::One(h) => vec![*h],
            Curves::Runs(r) => r.iter().map(|f| &f.history).collect(),
        }
    }
}

/// Draws the losses; with `log`, values are plotted as log₁₀ on a linear axis labelled in
/// powers of ten.
fn draw_chart(canvas: web_sys::HtmlCanvasElement, curves: Curves<'_>, log: bool, dark: bool) -> Option<ChartFrame> {
    let px = crate::charts::Px::of(&canvas);
    let backend = CanvasBackend::with_canvas_object(canvas)?;
    let root = backend.into_drawing_area();
    let (bg, fg, grid) = palette(dark);
    root.fill(&bg).ok()?;
    let usable = |v: f32| v.is_finite() && (!log || v > 0.0);
    let y = |v: f32| if log { v.log10() } else { v };
    let histories = curves.histories();
    let values =
        histories.iter().flat_map(|h| h.points()).flat_map(|p| [p.train, p.test, p.val.unwrap_or(f32::NAN)]).filter(|v| usable(*v)).map(y);
    let (lo, hi) = values.fold((f32::MAX, f32::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (lo, hi) = match (lo <= hi, log) {
        (false, _) => (0.0, 1.0),
        (true, true) => (lo.floor(), hi.ceil().max(lo.floor() + 1.0)),
        (true, false) => (0.0, (hi * 1.05).clamp(1e-6, f32::MAX)),
    };
    let max_epoch = histories.iter().filter_map(|h| h.points().last()).map(|p| p.epoch).max().unwrap_or(1).max(1) as f32;
    let mut chart = ChartBuilder::on(&root)
        .margin(8)
        .x_label_area_size(px.room(32.0))
        .y_label_area_size(px.room(48.0))
        .build_cartesian_2d(0f32..max_epoch, lo..hi)
        .ok()?;
    let fmt_y = move |v: &f32| if log { format!("1e{}", v.round() as i32) } else { super::fmt_axis(*v) };
    themed(
        chart
            .configure_mesh()
            .x_desc("epoch")
            .y_desc(if log { "loss (log)" } else { "loss" })
            .x_labels(5)
            .y_labels(if log { ((hi - lo) as usize + 1).min(8) } else { 5 })
            .x_label_formatter(&|v| format!("{}", v.round() as i64))
            .y_label_formatter(&fmt_y),
        (bg, fg, grid),
        px.tick(),
    )
    .draw()
    .ok()?;
    let line = |h: &LossHistory, pick: fn(&LossPoint) -> f32| -> Vec<(f32, f32)> {
        h.points().iter().filter(|p| usable(pick(p))).map(|p| (p.epoch as f32, y(pick(p)))).collect()
    };
    match curves {
        Curves::One(h) => {
            let (test, train, val) = (rgb(viz::BLUE), rgb(viz::ORANGE), rgb(VAL_COLOUR));
            // The best epoch (lowest watched loss) and, at the newest epoch, the gap.
            if h.points().len() >= 5 {
                let reading = h.reading();
                let best = reading.best_epoch as f32;
                chart.draw_series(DashedLineSeries::new([(best, lo), (best, hi)], 4, 4, fg.mix(0.6).stroke_width(1))).ok()?;
                // Labels stand inside the plot: "best" on the side of its line with room,
                // "gap" left of its bar and above it, clear of the axis.
                use plotters::style::text_anchor::{HPos, Pos, VPos};
                let label = |h: HPos, v: VPos| ("sans-serif", px.tick()).into_font().color(&fg).pos(Pos::new(h, v));
                let (side, nudge) = if best > max_epoch / 2.0 { (HPos::Right, -0.01) } else { (HPos::Left, 0.01) };
                let at = (best + max_epoch * nudge, hi);
                let best_label = match h.early_stop() {
                    Some((_, restored)) => format!("restored {restored}"),
                    None => format!("best {}", reading.best_epoch),
                };
                chart.draw_series([Text::new(best_label, at, label(side, VPos::Top))]).ok()?;
                if let Some((stop, _)) = h.early_stop() {
                    let x = stop as f32;
                    chart.draw_series(LineSeries::new([(x, lo), (x, hi)], fg.stroke_width(2))).ok()?;
                    chart
                        .draw_series([Text::new(format!("stopped {stop}"), (x - max_epoch * 0.01, lo), label(HPos::Right, VPos::Bottom))])
                        .ok()?;
                }
                if let Some(last) = h.points().last().filter(|p| usable(p.train) && usable(p.watched())) {
                    let x = last.epoch as f32;
                    let (a, b) = (y(last.train), y(last.watched()));
                    chart.draw_series(LineSeries::new([(x, a), (x, b)], fg.stroke_width(3))).ok()?;
                    let text = format!("gap {:.3}", last.watched() - last.train);
                    chart.draw_series([Text::new(text, (x - max_epoch * 0.01, a.max(b)), label(HPos::Right, VPos::Bottom))]).ok()?;
                }
            }
            chart.draw_series(LineSeries::new(line(h, |p| p.train), train.stroke_width(2))).ok()?;
            chart.draw_series(LineSeries::new(line(h, |p| p.test), test.stroke_width(2))).ok()?;
            chart.draw_series(LineSeries::new(line(h, |p| p.val.unwrap_or(f32::NAN)), val.stroke_width(2))).ok()?;
        }
        Curves::Runs(runs) => {
            for (k, r) in runs.iter().enumerate() {
                let c = rgb(RUN_COLOURS[k % RUN_COLOURS.len()]);
                chart.draw_series(LineSeries::new(line(&r.history, |p| p.train), c.mix(0.45).stroke_width(1))).ok()?;
                chart.draw_series(LineSeries::new(line(&r.history, LossPoint::watched), c.stroke_width(2))).ok()?;
            }
        }
    }
    root.present().ok()?;
    let (xr, _) = chart.plotting_area().get_pixel_range();
    Some(ChartFrame { left: xr.start as f64, right: xr.end as f64, max_epoch: max_epoch as f64 })
}

/// The validation curve's colour.
const VAL_COLOUR: [u8; 3] = [46, 160, 67];

/// What the hover readout says at `epoch`.
fn readout_at(curves: Curves<'_>, epoch: f64) -> Option<String> {
    let nearest = |h: &LossHistory| {
        h.points().iter().min_by(|a, b| (a.epoch as f64 - epoch).abs().total_cmp(&(b.epoch as f64 - epoch).abs())).copied()
    };
    match curves {
        Curves::One(h) => nearest(h).map(|p| {
            let val = p.val.map_or(String::new(), |v| format!(" · validation {}", fmt_loss(v)));
            format!("epoch {}: training {} · test {}{val}", p.epoch, fmt_loss(p.train), fmt_loss(p.test))
        }),
        Curves::Runs(runs) => {
            // The epoch under the pointer, on the run that went furthest; a run that had
            // stopped before it says so instead of showing its last value as this epoch's.
            let furthest = runs.iter().max_by_key(|r| r.history.points().last().map_or(0, |p| p.epoch))?;
            let e = nearest(&furthest.history)?.epoch;
            let parts: Vec<String> = runs
                .iter()
                .enumerate()
                .filter_map(|(k, r)| {
                    let p = nearest(&r.history)?;
                    let last = r.history.points().last().map_or(0, |q| q.epoch);
                    Some(if last < e && p.epoch == last {
                        format!("run {}: stopped at {last}", k + 1)
                    } else {
                        format!("run {}: {}", k + 1, fmt_loss(p.watched()))
                    })
                })
                .collect();
            (!parts.is_empty()).then(|| format!("epoch {e}, {} loss: {}", watched_name(runs), parts.join(" · ")))
        }
    }
}

/// Which loss a comparison watches: validation's when there is a validation set.
fn watched_name(runs: &[RunFigures]) -> &'static str {
    if runs.iter().any(|r| r.stats.val_loss.is_some()) {
        "validation"
    } else {
        "test"
    }
}

/// The line under the chart: what one run's curves say, or which run leads.
fn chart_reading(curves: Curves<'_>, last: &neuroplay::engine::StepStats) -> String {
    match curves {
        Curves::One(h) => match h.early_stop() {
            Some((stop, best)) => {
                let watched = if last.val_loss.is_some() { "validation" } else { "test" };
                format!(
                    "Stopped early at epoch {stop}: the {watched} loss had not improved since epoch {best}, so the weights of epoch {best} are back. The curve after it shows why."
                )
            }
            None => h.reading_for(last).text,
        },
        // Runs trained on different losses are ranked by accuracy, not by their losses,
        // which are on other scales.
        Curves::Runs(runs) if runs.iter().any(|r| r.label.contains("loss=")) => {
            let best = runs.iter().enumerate().filter_map(|(k, r)| Some((k, r, r.stats.test_accuracy?))).max_by(|a, b| a.2.total_cmp(&b.2));
            match best {
                Some((k, r, acc)) => format!(
                    "Highest test accuracy at epoch {}: run {} ({}), {:.1}%. The runs' losses are each their own (squared error against cross-entropy), so they are not compared.",
                    r.stats.epoch,
                    k + 1,
                    r.label,
                    acc * 100.0
                ),
                None => runs
                    .iter()
                    .enumerate()
                    .map(|(k, r)| format!("run {} ({}): {} of its own loss", k + 1, r.label, fmt_loss(r.stats.watched_loss())))
                    .collect::<Vec<_>>()
                    .join("; "),
            }
        }
        Curves::Runs(runs) => {
            let best = runs
                .iter()
                .enumerate()
                .filter(|(_, r)| r.stats.watched_loss().is_finite() && !r.stats.diverged)
                .min_by(|a, b| a.1.stats.watched_loss().total_cmp(&b.1.stats.watched_loss()));
            let diverged: Vec<String> =
                runs.iter().enumerate().filter(|(_, r)| r.stats.diverged).map(|(k, _)| (k + 1).to_string()).collect();
            let lead = best.map_or("No run has a finite loss.".to_string(), |(k, r)| {
                format!(
                    "Lowest {} loss at epoch {}: run {} ({}), {}.",
                    watched_name(runs),
                    r.stats.epoch,
                    k + 1,
                    r.label,
                    fmt_loss(r.stats.watched_loss())
                )
            });
            if diverged.is_empty() {
                lead
            } else {
                format!("{lead} Diverged: run {}.", diverged.join(", run "))
            }
        }
    }
}

/// Train and test loss over epochs, drawn with plotters; a readout follows the pointer.
#[component]
pub fn LossChart() -> impl IntoView {
    let st = AppState::get();
    let canvas = NodeRef::<Canvas>::new();
    let frame = StoredValue::new(ChartFrame::default());
    let readout = RwSignal::new(None::<String>);
    let reading = RwSignal::new(String::new());
    let size = measured_size(st, canvas);
    draw_throttled(st, canvas, size, frame, reading);
    let on_move = move |ev: leptos::ev::MouseEvent| {
        let f = frame.get_value();
        let Some(c) = canvas.get_untracked() else { return };
        let scale = c.width() as f64 / c.client_width().max(1) as f64;
        let x = ev.offset_x() as f64 * scale;
        if f.right <= f.left || x < f.left || x > f.right {
            readout.set(None);
            return;
        }
        let epoch = (x - f.left) / (f.right - f.left) * f.max_epoch;
        let text =
            st.history.with(|h| st.runs.with(|runs| readout_at(if runs.is_empty() { Curves::One(h) } else { Curves::Runs(runs) }, epoch)));
        readout.set(text);
    };
    // Read through memos: the figures change every frame, the label only with the setup.
    let has_val = Memo::new(move |_| st.stats.with(|s| s.val_loss.is_some()));
    let comparing = Memo::new(move |_| st.runs.with(|r| (!r.is_empty()).then(|| watched_name(r))));
    let label = move || match comparing.get() {
        None => {
            let val = if has_val.get() { ", validation in green" } else { "" };
            format!("Loss over epochs: training in orange, test in blue{val}; a dashed line marks the best epoch")
        }
        Some(watched) => format!("Loss over epochs of every run: {watched} loss bold, training loss faint, in the run's colour"),
    };
    view! {
        <div class="chart">
            <div class="chart-box">
                <canvas
                    node_ref=canvas
                    width="440"
                    height="190"
                    data-testid="loss-chart"
                    aria-label=label
                    on:mousemove=on_move
                    on:mouseleave=move |_| readout.set(None)
                ></canvas>
                <RunLegend />
            </div>
            <div class="chart-footer">
                <span class="readout-line" data-testid="chart-readout">
                    {move || match readout.get() {
                        Some(text) => text.into_any(),
                        None => view! { <span data-testid="curve-reading">{move || reading.get()}</span> }.into_any(),
                    }}
                </span>
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid="log-scale"
                        prop:checked=move || st.view.with(|v| v.log_scale)
                        on:change=move |ev| st.set_view(|v| v.log_scale = event_target_checked(&ev))
                    />
                    "log scale"
                </label>
            </div>
        </div>
    }
}

/// The canvas's box size in pixels: measured when the window or the layout changes, never
/// in the per-frame redraw (reading a size there forces a layout).
fn measured_size(st: AppState, canvas: NodeRef<Canvas>) -> RwSignal<(u32, u32)> {
    let size = RwSignal::new((440u32, 190u32));
    let measure = move || {
        if let Some(c) = canvas.get_untracked() {
            let m = (c.client_width().max(200) as u32, c.client_height().max(100) as u32);
            if m != size.get_untracked() {
                size.set(m);
            }
        }
    };
    let listener = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || listener.remove());
    Effect::new(move |_| {
        st.view.with(|v| v.presentation);
        if canvas.get().is_some() {
            // After this turn's layout: the class that changes the layout is set by now.
            request_animation_frame(measure);
        }
    });
    size
}

/// Keeps the chart's reading current as the curves change, and draws the chart: while
/// training the history grows every frame, so at most every CHART_MS; a change that comes
/// sooner is drawn when that time is up.
fn draw_throttled(
    st: AppState,
    canvas: NodeRef<Canvas>,
    size: RwSignal<(u32, u32)>,
    frame: StoredValue<ChartFrame>,
    reading: RwSignal<String>,
) {
    let last = StoredValue::new(f64::NEG_INFINITY);
    let waiting = StoredValue::new(false);
    let later = RwSignal::new(0u32);
    Effect::new(move |_| {
        later.track();
        st.history.track();
        let (w, hgt) = size.get();
        let log = st.view.with(|v| v.log_scale);
        let dark = st.view.with(|v| v.dark);
        // The reading is words, cheap: it follows every epoch (the drawing is throttled).
        st.runs.track();
        st.history.with(|h| {
            st.runs.with(|runs| {
                let curves = if runs.is_empty() { Curves::One(h) } else { Curves::Runs(runs) };
                let text = chart_reading(curves, &st.stats.get_untracked());
                if reading.get_untracked() != text {
                    reading.set(text);
                }
            })
        });
        let now = window().performance().map_or(0.0, |p| p.now());
        let since = now - last.get_value();
        if since < CHART_MS {
            if !waiting.get_value() {
                waiting.set_value(true);
                let wait = std::time::Duration::from_micros(((CHART_MS - since) * 1000.0) as u64);
                set_timeout(
                    move || {
                        waiting.set_value(false);
                        later.try_update(|n| *n += 1);
                    },
                    wait,
                );
            }
            return;
        }
        last.set_value(now);
        st.history.with(|h| {
            st.runs.with(|runs| {
                let Some(c) = canvas.get() else { return };
                if c.width() != w || c.height() != hgt {
                    c.set_width(w);
                    c.set_height(hgt);
                }
                let curves = if runs.is_empty() { Curves::One(h) } else { Curves::Runs(runs) };
                if let Some(f) = draw_chart(c, curves, log, dark) {
                    frame.set_value(f);
                }
            })
        });
    });
}

/// The comparison's run labels, as a memo: the runs' figures change every frame, their
/// labels only with the comparison.
pub fn run_labels(st: AppState) -> Memo<Vec<String>> {
    Memo::new(move |_| st.runs.with(|r| r.iter().map(|f| f.label.clone()).collect::<Vec<_>>()))
}

/// The comparison's legend over the loss chart: each run's colour, number and label.
#[component]
fn RunLegend() -> impl IntoView {
    let st = AppState::get();
    let labels = run_labels(st);
    view! {
        <Show when=move || labels.with(|l| !l.is_empty())>
            <ul class="chart-legend" data-testid="chart-legend" aria-label="Runs">
                {move || {
                    labels
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(k, label)| {
                            let colour = viz::css(RUN_COLOURS[k % RUN_COLOURS.len()]);
                            view! {
                                <li data-testid=format!("legend-{k}")>
                                    <span class="swatch" style=format!("background:{colour}")></span>
                                    {format!("{} {label}", k + 1)}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </Show>
    }
}

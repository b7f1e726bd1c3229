//! The views drawn as charts: each hidden layer's activation and derivative over the
//! distribution of its sums, gradient health (each layer's gradient norm over the epochs
//! and its weights), the learning-rate finder, and the confusion matrix. They read the
//! engine's numbers when the figures change (at most a few times a second while
//! training), never per element through the reactive graph.

use super::frame::now;
use super::state::{AppState, Redraw};
use leptos::html::Canvas;
use leptos::prelude::*;
use neuroplay::engine::trainer::{SUM_BINS, SUM_RANGE};
use neuroplay::engine::{Activation, LrRange};
use neuroplay::lessons::View;
use neuroplay::viz;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;

/// Milliseconds between two redraws of a chart while training runs.
const REDRAW_MS: f64 = 250.0;

/// Colours of a chart's background, text and grid for the theme (every chart on the
/// page, the loss chart's too).
pub(crate) fn palette(dark: bool) -> (RGBColor, RGBColor, RGBColor) {
    if dark {
        (RGBColor(30, 32, 38), RGBColor(220, 222, 228), RGBColor(70, 72, 80))
    } else {
        (WHITE, RGBColor(60, 60, 70), RGBColor(225, 225, 230))
    }
}

/// An RGB triple as a plotters colour.
pub(crate) fn rgb(c: viz::Rgb) -> RGBColor {
    RGBColor(c[0], c[1], c[2])
}

/// A chart's type, in its canvas's pixels: a canvas is drawn at its own size and shown at
/// its box's, so every size is given in CSS pixels and scaled here. Ticks are 12 CSS pixels,
/// 14 in presentation mode (read from a distance); the canvas carries its ticks' CSS size
/// as `data-tick`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Px {
    /// Canvas pixels per CSS pixel.
    k: f64,
    /// The ticks' size in CSS pixels.
    tick: f64,
    /// Shown in presentation mode.
    presenting: bool,
}

impl Px {
    /// The scale of `canvas` as it is shown now.
    pub(crate) fn of(canvas: &web_sys::HtmlCanvasElement) -> Px {
        let (cw, ch) = (canvas.client_width(), canvas.client_height());
        let k = if cw > 0 && ch > 0 {
            // Shown whole inside its box (object-fit: contain): the larger ratio rules.
            (canvas.width() as f64 / cw as f64).max(canvas.height() as f64 / ch as f64)
        } else {
            1.0
        };
        let presenting = canvas.closest(".presentation").ok().flatten().is_some();
        let px = Px { k, tick: if presenting { 14.0 } else { 12.0 }, presenting };
        let _ = canvas.set_attribute("data-tick", &format!("{}", px.tick));
        px
    }

    /// `css` CSS pixels in the canvas's pixels.
    pub(crate) fn px(self, css: f64) -> u32 {
        (css * self.k).round().max(1.0) as u32
    }

    /// The ticks' size in the canvas's pixels.
    pub(crate) fn tick(self) -> u32 {
        self.px(self.tick)
    }

    /// The size of a chart's other words (its axes' names, its marks) in the canvas's
    /// pixels: 12 CSS pixels, 16 in presentation mode like the page's least text.
    pub(crate) fn text(self) -> u32 {
        self.px(if self.presenting { 16.0 } else { 12.0 })
    }

    /// A length given for 12-pixel ticks (a label area), grown with the ticks.
    pub(crate) fn room(self, css: f64) -> u32 {
        self.px(css * self.tick / 12.0)
    }
}

/// The mesh style every chart on the page shares: labels of `size` pixels and the axes in
/// the text colour, the grid's bold lines in its colour, its light lines hidden.
pub(crate) fn themed<'m, 'a, 'b, X, Y, DB>(
    mesh: &'m mut plotters::chart::MeshStyle<'a, 'b, X, Y, DB>,
    (bg, fg, grid): (RGBColor, RGBColor, RGBColor),
    size: u32,
) -> &'m mut plotters::chart::MeshStyle<'a, 'b, X, Y, DB>
where
    X: plotters::coord::ranged1d::Ranged,
    Y: plotters::coord::ranged1d::Ranged,
    DB: DrawingBackend,
{
    mesh.label_style(("sans-serif", size).into_font().color(&fg)).axis_style(fg).bold_line_style(grid).light_line_style(bg)
}

/// A colour per layer, from the class colours.
fn layer_colour(l: usize) -> RGBColor {
    rgb(viz::CLASS_COLOURS[l % viz::CLASS_COLOURS.len()])
}

/// Runs `draw` when `trigger` changes, but while training at most every [`REDRAW_MS`]
/// (the last change is drawn once training pauses, as the trigger changes then too).
fn throttled(trigger: impl Fn() + 'static, draw: impl Fn() + 'static) {
    let st = AppState::get();
    let last = StoredValue::new(0.0f64);
    Effect::new(move |_| {
        trigger();
        let running = st.running.get();
        let t = now();
        if running && t - last.get_value() < REDRAW_MS {
            return;
        }
        last.set_value(t);
        draw();
    });
}

/// Keeps the trainer measuring what an open view needs (after every rebuild too).
fn track(open: impl Fn() -> bool + 'static, set: fn(&mut neuroplay::engine::Trainer, bool)) {
    let st = AppState::get();
    Effect::new(move |_| {
        st.watch(Redraw::Network);
        let on = open();
        st.session.update_value(|s| set(s.trainer_mut(), on));
    });
}

fn draw_activations(canvas: web_sys::HtmlCanvasElement, acts: &[Activation], hists: &[Vec<u32>], dark: bool) -> Option<()> {
    let px = Px::of(&canvas);
    let root = CanvasBackend::with_canvas_object(canvas)?.into_drawing_area();
    let (bg, fg, grid) = palette(dark);
    root.fill(&bg).ok()?;
    let areas = root.split_evenly((1, acts.len().max(1)));
    for (l, (area, act)) in areas.iter().zip(acts).enumerate() {
        let (lo, hi) = SUM_RANGE;
        let curve: Vec<(f32, f32)> = (0..=120).map(|i| lo + (hi - lo) * i as f32 / 120.0).map(|z| (z, act.apply(z))).collect();
        let slope: Vec<(f32, f32)> = curve.iter().map(|&(z, y)| (z, act.derivative(z, y))).collect();
        let top = curve.iter().chain(&slope).map(|p| p.1).fold(1.0f32, f32::max).min(6.0);
        let bottom = curve.iter().chain(&slope).map(|p| p.1).fold(0.0f32, f32::min).max(-6.0);
        let mut chart = ChartBuilder::on(area)
            .caption(format!("layer {}: {}", l + 1, act.name()), ("sans-serif", px.room(13.0), &fg))
            .margin(6)
            .margin_right(12)
            .x_label_area_size(px.room(36.0))
            .y_label_area_size(px.room(34.0))
            .build_cartesian_2d(lo..hi, bottom..top)
            .ok()?;
        themed(chart.configure_mesh().x_labels(5).y_labels(4).x_desc("net input z"), (bg, fg, grid), px.tick()).draw().ok()?;
        // The layer's sums over the training set, as bars scaled to the chart's height.
        if let Some(bins) = hists.get(l) {
            let most = bins.iter().copied().max().unwrap_or(0).max(1) as f32;
            let width = (hi - lo) / SUM_BINS as f32;
            let bars = bins.iter().enumerate().map(|(b, &c)| {
                let x = lo + b as f32 * width;
                Rectangle::new([(x, bottom), (x + width, bottom + (top - bottom) * c as f32 / most)], grid.mix(0.9).filled())
            });
            chart.draw_series(bars).ok()?;
        }
        chart.draw_series(LineSeries::new(curve, layer_colour(0).stroke_width(2))).ok()?;
        chart.draw_series(LineSeries::new(slope, rgb(viz::BLUE).stroke_width(2))).ok()?;
    }
    root.present().ok()
}

/// Each hidden layer's activation f (orange) and its derivative f′ (blue), over the
/// histogram of the layer's weighted sums on the training set: a saturated layer shows
/// its sums piled up where f′ is nearly 0.
#[component]
pub fn ActivationPlots() -> impl IntoView {
    let st = AppState::get();
    let open = move || st.view.with(|v| v.open.has(View::Activations));
    track(open, |t, on| t.track_sums(on));
    let canvas = NodeRef::<Canvas>::new();
    throttled(
        move || {
            st.stats.track();
            st.view.with(|v| (v.open.has(View::Activations), v.dark));
        },
        move || {
            let Some(c) = canvas.get_untracked() else { return };
            let dark = st.view.with_untracked(|v| v.dark);
            st.session.with_value(|s| {
                let net = s.trainer().network();
                let acts: Vec<Activation> = net.layers()[..net.layers().len() - 1].iter().map(|l| l.activation).collect();
                let hists = s.trainer().sum_histograms().map(<[Vec<u32>]>::to_vec).unwrap_or_default();
                draw_activations(c, &acts, &hists, dark);
            });
        },
    );
    view! {
        <Show when=open>
            <section class="panel chart-panel" aria-label="Activations and their derivatives">
                <h2>"Activations and their derivatives"</h2>
                <p class="hint">"Orange: f(z). Blue: f′(z), what backpropagation multiplies by. Grey: where this layer's sums fall on the training set."</p>
                <canvas node_ref=canvas data-testid="activation-plot" width="900" height="220"></canvas>
            </section>
        </Show>
    }
}

/// A run's label and its gradient norms per epoch (epoch, one norm per weight matrix).
type RunNorms<'a> = (&'a str, &'a [(usize, Vec<f32>)]);

/// Distinct colours for up to 8 hidden layers; the output's line is drawn in the text colour.
const LAYER_COLOURS: [[u8; 3]; 8] =
    [[31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189], [140, 86, 75], [227, 119, 194], [23, 190, 207]];

/// A comparison's runs told apart by their dash: solid, dashed, dotted, long dashes…
const RUN_DASHES: [(u32, u32); 6] = [(0, 0), (8, 5), (2, 4), (14, 5), (8, 3), (4, 8)];

/// Each run's gradient norms per layer over the epochs (layers by colour, runs by dash),
/// and the shown run's weights as histograms.
fn draw_grad_norms(canvas: web_sys::HtmlCanvasElement, runs: &[RunNorms<'_>], weights: &[Vec<f32>], dark: bool) -> Option<()> {
    let px = Px::of(&canvas);
    let root = CanvasBackend::with_canvas_object(canvas)?.into_drawing_area();
    let (bg, fg, grid) = palette(dark);
    root.fill(&bg).ok()?;
    let (top, bottom) = root.split_vertically(230);
    let all = || runs.iter().flat_map(|(_, h)| h.iter());
    let values = all().flat_map(|(_, n)| n.iter().copied()).filter(|v| *v > 0.0 && v.is_finite()).map(f32::log10);
    let (lo, hi) = values.fold((f32::MAX, f32::MIN), |(a, b), v| (a.min(v), b.max(v)));
    let (lo, hi) = if lo <= hi { (lo.floor(), hi.ceil().max(lo.floor() + 1.0)) } else { (-3.0, 0.0) };
    let last = all().map(|h| h.0).max().unwrap_or(1).max(1) as f32;
    let mut chart = ChartBuilder::on(&top)
        .caption("Gradient norm of each layer's weights (log scale)", ("sans-serif", px.room(13.0), &fg))
        .margin(6)
        .x_label_area_size(px.room(22.0))
        .y_label_area_size(px.room(44.0))
        .build_cartesian_2d(0f32..last, lo..hi)
        .ok()?;
    themed(
        chart
            .configure_mesh()
            .x_desc("epoch")
            .x_labels(5)
            .y_labels(((hi - lo) as usize + 1).min(8))
            .y_label_formatter(&|v| format!("1e{}", v.round() as i32)),
        (bg, fg, grid),
        px.tick(),
    )
    .draw()
    .ok()?;
    for (k, (label, history)) in runs.iter().enumerate() {
        let layers = history.last().map_or(0, |h| h.1.len());
        let (dash, gap) = RUN_DASHES[k % RUN_DASHES.len()];
        for l in 0..layers {
            let colour = if l + 1 == layers { fg } else { rgb(LAYER_COLOURS[l % LAYER_COLOURS.len()]) };
            let style = colour.stroke_width(2);
            let line: Vec<(f32, f32)> = history
                .iter()
                .filter_map(|(e, n)| n.get(l).filter(|v| **v > 0.0 && v.is_finite()).map(|v| (*e as f32, v.log10())))
                .collect();
            let name = if l + 1 == layers { "output".to_string() } else { format!("layer {}", l + 1) };
            let name = if runs.len() > 1 { format!("run {} ({label}) {name}", k + 1) } else { name };
            let series = if dash == 0 {
                chart.draw_series(LineSeries::new(line, style)).ok()?
            } else {
                chart.draw_series(DashedLineSeries::new(line, dash, gap, style)).ok()?
            };
            // The legend names every layer of the first run, and each run once.
            if k == 0 || l + 1 == layers {
                series.label(name).legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], style));
            }
        }
    }
    chart
        .configure_series_labels()
        .background_style(bg.mix(0.85))
        .border_style(grid)
        .label_font(("sans-serif", px.tick(), &fg))
        .draw()
        .ok()?;
    // The weights of each layer, as histograms side by side.
    for (l, (area, w)) in bottom.split_evenly((1, weights.len().max(1))).iter().zip(weights).enumerate() {
        let m = w.iter().fold(0.05f32, |m, v| m.max(v.abs()));
        let bins = 24;
        let mut counts = vec![0u32; bins];
        for v in w {
            counts[(((v + m) / (2.0 * m) * bins as f32) as usize).min(bins - 1)] += 1;
        }
        let most = counts.iter().copied().max().unwrap_or(1).max(1);
        let mut h = ChartBuilder::on(area)
            .caption(
                if l + 1 == weights.len() { "output weights".to_string() } else { format!("layer {} weights", l + 1) },
                ("sans-serif", px.room(11.0), &fg),
            )
            .margin(4)
            .x_label_area_size(px.room(18.0))
            .build_cartesian_2d(-m..m, 0u32..most)
            .ok()?;
        themed(h.configure_mesh().x_labels(3).y_labels(2).disable_y_mesh(), (bg, fg, bg), px.tick()).draw().ok()?;
        let width = 2.0 * m / bins as f32;
        h.draw_series(counts.iter().enumerate().map(|(b, &c)| {
            let x = -m + b as f32 * width;
            Rectangle::new([(x, 0), (x + width, c)], layer_colour(l).filled())
        }))
        .ok()?;
    }
    root.present().ok()
}

#[component]
pub fn GradientHealth() -> impl IntoView {
    let st = AppState::get();
    let open = move || st.view.with(|v| v.open.has(View::GradNorms));
    let canvas = NodeRef::<Canvas>::new();
    throttled(
        move || {
            st.stats.track();
            st.runs.track();
            st.watch(Redraw::Network);
            st.view.with(|v| (v.open.has(View::GradNorms), v.dark));
        },
        move || {
            let Some(c) = canvas.get_untracked() else { return };
            let dark = st.view.with_untracked(|v| v.dark);
            st.session.with_value(|s| {
                let net = s.trainer().network();
                let weights: Vec<Vec<f32>> = net.layers().iter().map(|l| net.params()[l.weights.clone()].to_vec()).collect();
                let runs: Vec<RunNorms<'_>> = s.runs.iter().map(|r| (r.label.as_str(), &r.norms[..])).collect();
                draw_grad_norms(c, &runs, &weights, dark);
            });
        },
    );
    view! {
        <Show when=open>
            <section class="panel chart-panel" aria-label="Gradient health">
                <h2>"Gradient health"</h2>
                <p class="hint">"Each epoch's mean norm of ∂E/∂W, one colour per layer, input side first; a comparison's runs each in their own dash. Lines far below the output's mean those layers barely learn: vanishing gradients."</p>
                <canvas node_ref=canvas data-testid="grad-norms" width="900" height="360"></canvas>
            </section>
        </Show>
    }
}

fn draw_lr_range(canvas: web_sys::HtmlCanvasElement, r: &LrRange, dark: bool) -> Option<()> {
    let px = Px::of(&canvas);
    let root = CanvasBackend::with_canvas_object(canvas)?.into_drawing_area();
    let (bg, fg, grid) = palette(dark);
    root.fill(&bg).ok()?;
    let losses = r.points.iter().map(|p| p.1).filter(|v| v.is_finite());
    let (lo, hi) = losses.fold((f32::MAX, f32::MIN), |(a, b), v| (a.min(v), b.max(v)));
    let (lo, hi) = if lo <= hi { (lo * 0.95, hi * 1.05 + 1e-6) } else { (0.0, 1.0) };
    let mut chart = ChartBuilder::on(&root)
        .margin(8)
        .x_label_area_size(px.room(26.0))
        .y_label_area_size(px.room(48.0))
        .build_cartesian_2d(-5f32..1f32, lo..hi)
        .ok()?;
    themed(
        chart
            .configure_mesh()
            .x_desc("learning rate (log scale)")
            .y_desc("loss")
            .x_labels(7)
            .x_label_formatter(&|v| format!("1e{}", v.round() as i32)),
        (bg, fg, grid),
        px.tick(),
    )
    .draw()
    .ok()?;
    chart.draw_series(LineSeries::new(r.points.iter().map(|p| (p.0.log10(), p.1)), rgb(viz::ORANGE).stroke_width(2))).ok()?;
    let x = r.suggested.log10();
    chart.draw_series(std::iter::once(PathElement::new(vec![(x, lo), (x, hi)], rgb(viz::BLUE).stroke_width(2)))).ok()?;
    root.present().ok()
}

/// The learning-rate range test: run it, see the loss against the rate, use the
/// suggestion with one click.
#[component]
pub fn LrFinder() -> impl IntoView {
    let st = AppState::get();
    let result = RwSignal::new(None::<LrRange>);
    Effect::new(move |_| {
        st.watch(Redraw::Network);
        result.set(None);
    });
    let canvas = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        let dark = st.view.with(|v| v.dark);
        result.with(|r| {
            if let (Some(r), Some(c)) = (r, canvas.get()) {
                draw_lr_range(c, r, dark);
            }
        });
    });
    let run = move |_| {
        st.running.set(false);
        let r = st.session.with_value(|s| s.trainer().lr_range_test(1e-5, 10.0, 200));
        result.set(Some(r));
    };
    let use_it = move |_| {
        if let Some(lr) = result.with_untracked(|r| r.as_ref().map(|r| r.suggested)) {
            st.set_setting("lr", &neuroplay::explain::n(lr));
        }
    };
    view! {
        <Show when=move || st.view.with(|v| v.open.has(View::LrFinder))>
            <section class="panel chart-panel" aria-label="Learning-rate finder">
                <h2>"Learning-rate finder"</h2>
                <p class="hint">"From the current weights (which stay as they are), 200 minibatch steps with the rate growing from 0.00001 to 10. The suggestion is a tenth of the rate at the lowest loss."</p>
                <button data-testid="lr-finder" on:click=run>"Run the range test"</button>
                <canvas node_ref=canvas data-testid="lr-chart" width="600" height="240"></canvas>
                {move || {
                    result
                        .get()
                        .map(|r| {
                            view! {
                                <p>
                                    "Suggested learning rate: "
                                    <b data-testid="lr-suggested">{neuroplay::explain::n(r.suggested)}</b>
                                    " "
                                    <button class="small" data-testid="lr-use" on:click=use_it>"Use it"</button>
                                </p>
                            }
                        })
                }}
            </section>
        </Show>
    }
}

/// The test set's confusion matrix: rows the true class, columns the predicted one.
#[component]
pub fn ConfusionTable() -> impl IntoView {
    let st = AppState::get();
    let matrix = Memo::new(move |_| {
        st.stats.track();
        st.session.with_value(|s| s.trainer().confusion().cloned())
    });
    move || {
        matrix.get().map(|cm| {
            let k = cm.classes;
            let total = cm.counts.iter().sum::<u32>().max(1);
            let header = (0..k).map(|p| view! { <th scope="col">{format!("→ {p}")}</th> }).collect_view();
            let rows = (0..k)
                .map(|t| {
                    let cells = (0..k)
                        .map(|p| {
                            let c = cm.get(t, p);
                            let shade = (c as f32 / total as f32 * k as f32).min(1.0);
                            let colour = if t == p { viz::BLUE } else { viz::ORANGE };
                            let style = format!("background: rgba({},{},{},{:.2})", colour[0], colour[1], colour[2], 0.15 + 0.6 * shade);
                            view! { <td style=style>{c}</td> }
                        })
                        .collect_view();
                    view! { <tr><th scope="row">{format!("class {t}")}</th>{cells}</tr> }
                })
                .collect_view();
            view! {
                <table class="confusion" data-testid="confusion" aria-label="Confusion matrix of the test set">
                    <caption>"Test set: true class (rows) against predicted (columns)"</caption>
                    <thead><tr><th></th>{header}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        })
    }
}

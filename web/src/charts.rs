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
use plotters::style::text_anchor::{HPos, Pos, VPos};
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
/// 14 in presentation mode (read from a distance), and other text 13, 16 in presentation
/// mode; the canvas carries its ticks' and its text's CSS sizes as `data-tick` and
/// `data-text`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Px {
    /// Canvas pixels per CSS pixel.
    k: f64,
    /// The ticks' size in CSS pixels.
    tick: f64,
    /// Other text's size (titles, axis names) in CSS pixels.
    text: f64,
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
        let px = if presenting { Px { k, tick: 14.0, text: 16.0 } } else { Px { k, tick: 12.0, text: 13.0 } };
        let _ = canvas.set_attribute("data-tick", &format!("{}", px.tick));
        let _ = canvas.set_attribute("data-text", &format!("{}", px.text));
        px
    }

    /// `css` CSS pixels in the canvas's pixels.
    pub(crate) fn px(self, css: f64) -> u32 {
        (css * self.k).round().max(1.0) as u32
    }

    /// `px` canvas pixels in CSS pixels.
    pub(crate) fn css(self, px: i32) -> f64 {
        px as f64 / self.k
    }

    /// The ticks' size in the canvas's pixels.
    pub(crate) fn tick(self) -> u32 {
        self.px(self.tick)
    }

    /// Other text's size in the canvas's pixels.
    pub(crate) fn text(self) -> u32 {
        self.px(self.text)
    }

    /// A length given for 12-pixel ticks (a label area), grown with the ticks.
    pub(crate) fn room(self, css: f64) -> u32 {
        self.px(css * self.tick / 12.0)
    }

    /// The height of a label area holding a row of ticks and, with `title`, a line of text
    /// below them.
    fn below(self, title: bool) -> u32 {
        self.px(self.tick * 1.4 + if title { self.text * 1.4 } else { 0.0 } + 4.0)
    }
}

/// Sizes `canvas`'s bitmap to its box at the screen's pixel density, so that it is shown
/// unscaled (sharp, and neither stretched nor letterboxed). False while it has no box.
fn fit(canvas: &web_sys::HtmlCanvasElement) -> bool {
    let (cw, ch) = (canvas.client_width(), canvas.client_height());
    if cw <= 0 || ch <= 0 {
        return false;
    }
    let (w, h) = crate::canvas::device_size(cw as f64, ch as f64);
    if canvas.width() != w || canvas.height() != h {
        canvas.set_width(w);
        canvas.set_height(h);
    }
    true
}

/// The CSS size of `canvas`'s box, kept current as the box changes (a window resized, a
/// panel reflowed, presentation mode): read by a chart's effect, so that it is drawn again
/// at its new size.
fn box_size(canvas: NodeRef<Canvas>) -> RwSignal<(i32, i32)> {
    crate::resize::watched(canvas, (0, 0), |c| (c.client_width(), c.client_height()))
}

/// How many labels a log axis from `lo` to `hi` (whole decades) may ask for: as many as fit
/// (`fit`), at least 2, never more than its decades (so that they fall on whole decades).
fn decades(lo: f32, hi: f32, fit: usize) -> usize {
    fit.clamp(2, (hi - lo).round().max(1.0) as usize + 1)
}

/// An epoch as a tick: a whole number, and nothing between two (an axis of one epoch
/// read "0 1 1", its half-way tick rounded up).
pub fn epoch_tick(v: &f32) -> String {
    if (v - v.round()).abs() < 1e-3 {
        format!("{}", v.round() as i64)
    } else {
        String::new()
    }
}

/// A power of ten as a tick: `1e-3` (nothing between two decades).
fn power(v: &f32) -> String {
    if (v - v.round()).abs() < 1e-3 {
        format!("1e{}", v.round() as i32)
    } else {
        String::new()
    }
}

/// A positive number in two or three figures: `0.45`, `2.4`, `37`.
fn short_number(v: f32) -> String {
    match v {
        v if v >= 10.0 => format!("{v:.0}"),
        v if v >= 1.0 => format!("{v:.1}"),
        v => format!("{v:.2}"),
    }
}

/// A colour as CSS.
fn css_colour(c: RGBColor) -> String {
    format!("rgb({},{},{})", c.0, c.1, c.2)
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

/// The grey of the sums' histogram behind the activation plots.
fn sums_colour(dark: bool) -> RGBAColor {
    if dark {
        RGBColor(160, 163, 172).mix(0.45)
    } else {
        RGBColor(120, 124, 135).mix(0.35)
    }
}

/// Rows and columns for `n` plots in a `w × h` box, each plot losing `(dw, dh)` to its
/// labels: the layout whose plots are closest to a 3:2 landscape (so a tall panel stacks
/// its plots instead of drawing them thin and tall, and a wide one puts them side by side).
fn grid_for(n: usize, (w, h): (f64, f64), (dw, dh): (f64, f64)) -> (usize, usize) {
    let n = n.max(1);
    let score = |rows: usize| {
        let cols = n.div_ceil(rows);
        let (pw, ph) = ((w / cols as f64 - dw).max(1.0), (h / rows as f64 - dh).max(1.0));
        (pw / ph / 1.5).ln().abs()
    };
    let rows = (1..=n).min_by(|a, b| score(*a).total_cmp(&score(*b))).unwrap_or(1);
    (rows, n.div_ceil(rows))
}

fn draw_activations(canvas: web_sys::HtmlCanvasElement, acts: &[Activation], hists: &[Vec<u32>], dark: bool) -> Option<()> {
    if !fit(&canvas) {
        return None;
    }
    let px = Px::of(&canvas);
    let (w, h) = (canvas.width() as f64, canvas.height() as f64);
    let root = CanvasBackend::with_canvas_object(canvas)?.into_drawing_area();
    let (bg, fg, grid) = palette(dark);
    root.fill(&bg).ok()?;
    let labels = (px.px(px.tick * 34.0 / 12.0 + 20.0) as f64, (px.text() + px.below(true) + px.px(12.0)) as f64);
    let areas = root.split_evenly(grid_for(acts.len(), (w, h), labels));
    for (l, (area, act)) in areas.iter().zip(acts).enumerate() {
        let (lo, hi) = SUM_RANGE;
        let curve: Vec<(f32, f32)> = (0..=120).map(|i| lo + (hi - lo) * i as f32 / 120.0).map(|z| (z, act.apply(z))).collect();
        let slope: Vec<(f32, f32)> = curve.iter().map(|&(z, y)| (z, act.derivative(z, y))).collect();
        let top = curve.iter().chain(&slope).map(|p| p.1).fold(1.0f32, f32::max).min(6.0);
        let bottom = curve.iter().chain(&slope).map(|p| p.1).fold(0.0f32, f32::min).max(-6.0);
        let mut chart = ChartBuilder::on(area)
            .caption(format!("layer {}: {}", l + 1, act.name()), ("sans-serif", px.text(), &fg))
            .margin(px.px(6.0))
            .margin_right(px.px(14.0))
            .x_label_area_size(px.below(true))
            .y_label_area_size(px.room(34.0))
            .build_cartesian_2d(lo..hi, bottom..top)
            .ok()?;
        let (xs, ys) = chart.plotting_area().get_pixel_range();
        let (pw, ph) = (px.css(xs.end - xs.start), px.css(ys.end - ys.start));
        let fit_x = ((pw / (px.tick * 3.5)) as usize).clamp(2, 5);
        let fit_y = ((ph / (px.tick * 2.5)) as usize).clamp(3, 5);
        themed(
            chart.configure_mesh().x_labels(fit_x).y_labels(fit_y).x_desc("net input z").axis_desc_style(("sans-serif", px.text(), &fg)),
            (bg, fg, grid),
            px.tick(),
        )
        .draw()
        .ok()?;
        // The layer's sums over the training set, as bars scaled to the chart's height.
        if let Some(bins) = hists.get(l) {
            let most = bins.iter().copied().max().unwrap_or(0).max(1) as f32;
            let width = (hi - lo) / SUM_BINS as f32;
            let bars = bins.iter().enumerate().map(|(b, &c)| {
                let x = lo + b as f32 * width;
                Rectangle::new([(x, bottom), (x + width, bottom + (top - bottom) * c as f32 / most)], sums_colour(dark).filled())
            });
            chart.draw_series(bars).ok()?;
        }
        let line = px.px(2.5);
        chart.draw_series(LineSeries::new(curve, layer_colour(0).stroke_width(line))).ok()?;
        chart.draw_series(LineSeries::new(slope, rgb(viz::BLUE).stroke_width(line))).ok()?;
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
    let size = box_size(canvas);
    throttled(
        move || {
            st.stats.track();
            size.track();
            st.view.with(|v| (v.open.has(View::Activations), v.dark, v.presentation));
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
    let dark = move || st.view.with(|v| v.dark);
    let sums = move || {
        let c = sums_colour(dark());
        format!("background: rgba({},{},{},{})", c.0, c.1, c.2, c.3)
    };
    view! {
        <Show when=open>
            <section class="panel chart-panel" aria-label="Activations and their derivatives">
                <h2>"Activations and their derivatives"</h2>
                <p class="hint">"Orange: f(z). Blue: f′(z), what backpropagation multiplies by. Grey: where this layer's sums fall on the training set."</p>
                <p class="chart-key" data-testid="activation-key">
                    <span class="key-item"><i class="key-line" style=format!("border-color: {}", css_colour(layer_colour(0)))></i>"f(z)"</span>
                    <span class="key-item"><i class="key-line" style=format!("border-color: {}", css_colour(rgb(viz::BLUE)))></i>"f′(z), what backprop multiplies by"</span>
                    <span class="key-item"><i class="key-swatch" style=sums></i>"the layer's sums z"</span>
                </p>
                <canvas node_ref=canvas data-testid="activation-plot" width="900" height="220"></canvas>
            </section>
        </Show>
    }
}

/// A run's label and its gradient norms per epoch (epoch, one norm per weight matrix).
type RunNorms<'a> = (&'a str, &'a [(usize, Vec<f32>)]);

/// The hidden layers' colours: a ramp from the first to the last (depth is an order; the
/// runs' colours belong to the comparison, whose runs this chart tells apart by dash).
/// Viridis's colours at six stops, its last short of its yellow end.
const DEPTH_RAMP: [[u8; 3]; 6] = [[68, 1, 84], [65, 68, 135], [42, 120, 142], [34, 168, 132], [122, 209, 81], [200, 224, 32]];

/// A comparison's runs told apart by their dash: solid, dashed, dotted, long dashes…
const RUN_DASHES: [(u32, u32); 6] = [(0, 0), (8, 5), (2, 4), (14, 5), (8, 3), (4, 8)];

/// A layer's colour in the gradient chart and its key: the hidden layers' along the ramp
/// (its dark end to 70 % on a light page, 30 % to its light end on a dark one), the
/// output's the text colour (`None`).
fn grad_colour(l: usize, layers: usize, dark: bool) -> Option<RGBColor> {
    let hidden = layers.saturating_sub(1);
    (l < hidden).then(|| {
        let (from, to) = if dark { (0.3, 1.0) } else { (0.0, 0.7) };
        let t = if hidden < 2 { from } else { from + (to - from) * l as f32 / (hidden - 1) as f32 };
        let at = t * (DEPTH_RAMP.len() - 1) as f32;
        let i = (at.floor() as usize).min(DEPTH_RAMP.len() - 2);
        let f = at - i as f32;
        let mix = |k: usize| (DEPTH_RAMP[i][k] as f32 + (DEPTH_RAMP[i + 1][k] as f32 - DEPTH_RAMP[i][k] as f32) * f).round() as u8;
        RGBColor(mix(0), mix(1), mix(2))
    })
}

/// What sets a compared run apart, without the keys: `activation=relu, init=he` → `relu, he`.
fn short_label(label: &str) -> String {
    crate::output::label_settings(label).iter().map(|(_, v)| *v).collect::<Vec<_>>().join(", ")
}

/// A title that fits `room` canvas pixels: the first of `titles` that does, else none.
fn fitting<'t, DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    titles: &[&'t str],
    font: &TextStyle,
    room: u32,
) -> Option<&'t str> {
    titles.iter().copied().find(|t| area.estimate_text_size(t, font).is_ok_and(|(w, _)| w <= room))
}

/// Each run's gradient norms per layer over the epochs (layers by colour, runs by dash),
/// and, when the canvas is tall enough for them, the shown run's weights as histograms.
/// The key is the page's (beside the canvas), not drawn over the plot.
fn draw_grad_norms(canvas: web_sys::HtmlCanvasElement, runs: &[RunNorms<'_>], weights: &[Vec<f32>], dark: bool) -> Option<()> {
    if !fit(&canvas) {
        return None;
    }
    let px = Px::of(&canvas);
    let height = px.css(canvas.height() as i32);
    let el = canvas.clone();
    let root = CanvasBackend::with_canvas_object(canvas)?.into_drawing_area();
    let (bg, fg, grid) = palette(dark);
    root.fill(&bg).ok()?;
    // The histograms take a third of a tall canvas; a short one shows the norms alone.
    let hist_h = if height >= 250.0 && !weights.is_empty() { (height * 0.32).clamp(80.0, 170.0) } else { 0.0 };
    let (top, bottom) = root.split_vertically(px.px(height - hist_h));
    let all = || runs.iter().flat_map(|(_, h)| h.iter());
    let values = all().flat_map(|(_, n)| n.iter().copied()).filter(|v| *v > 0.0 && v.is_finite()).map(f32::log10);
    let (lo, hi) = values.fold((f32::MAX, f32::MIN), |(a, b), v| (a.min(v), b.max(v)));
    let (lo, hi) = if lo <= hi { (lo.floor(), hi.ceil().max(lo.floor() + 1.0)) } else { (-3.0, 0.0) };
    let last = all().map(|h| h.0).max().unwrap_or(1).max(1) as f32;
    // The plot's height decides how many decades are labelled: two tick heights apart at least.
    let plot_h = height - hist_h - px.css(px.below(true) as i32) - 12.0;
    let ys = decades(lo, hi, (plot_h / (px.tick * 2.2)) as usize + 1);
    let mut chart = ChartBuilder::on(&top)
        .margin(px.px(6.0))
        .margin_right(px.px(14.0))
        .x_label_area_size(px.below(true))
        .y_label_area_size(px.px(px.tick * 2.6 + px.text * 1.4 + 6.0))
        .build_cartesian_2d(0f32..last, lo..hi)
        .ok()?;
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let plot = [px.css(xr.start), px.css(yr.start), px.css(xr.end - xr.start), px.css(yr.end - yr.start)];
    let _ = el.set_attribute("data-plot", &plot.map(|v| format!("{v:.0}")).join(","));
    let _ = el.set_attribute("data-y-labels", &ys.to_string());
    let name_font = TextStyle::from(("sans-serif", px.text()).into_font());
    let y_name = fitting(&root, &["gradient norm", "norm"], &name_font, px.px(plot[3])).unwrap_or("");
    themed(
        chart
            .configure_mesh()
            .x_desc("epoch")
            .y_desc(y_name)
            .axis_desc_style(("sans-serif", px.text(), &fg))
            .x_labels(((plot[2] / (px.tick * 4.0)) as usize).clamp(2, 6))
            .x_label_formatter(&epoch_tick)
            .y_labels(ys)
            .y_label_formatter(&power),
        (bg, fg, grid),
        px.tick(),
    )
    .draw()
    .ok()?;
    let stroke = px.px(2.0);
    for (k, (_, history)) in runs.iter().enumerate() {
        let layers = history.last().map_or(0, |h| h.1.len());
        let (dash, gap) = RUN_DASHES[k % RUN_DASHES.len()];
        for l in 0..layers {
            let style = grad_colour(l, layers, dark).unwrap_or(fg).stroke_width(stroke);
            let line: Vec<(f32, f32)> = history
                .iter()
                .filter_map(|(e, n)| n.get(l).filter(|v| **v > 0.0 && v.is_finite()).map(|v| (*e as f32, v.log10())))
                .collect();
            if dash == 0 {
                chart.draw_series(LineSeries::new(line, style)).ok()?;
            } else {
                chart.draw_series(DashedLineSeries::new(line, px.px(dash as f64), px.px(gap as f64), style)).ok()?;
            }
        }
    }
    if hist_h == 0.0 {
        let _ = el.set_attribute("data-histograms", "0");
        return root.present().ok();
    }
    let _ = el.set_attribute("data-histograms", &weights.len().to_string());
    // The shown run's weights of each layer, as histograms side by side under a title that
    // fits (`layer 1`, or `1`), each across its own range, written under it (`±0.8`).
    let title_font = ("sans-serif", px.text()).into_font().color(&fg);
    let tick_font = ("sans-serif", px.tick()).into_font().color(&fg);
    let centred = |font: TextStyle<'static>| font.pos(Pos::new(HPos::Center, VPos::Center));
    let side = px.px(px.tick * 2.6 + px.text * 1.4 + 6.0);
    let (_, strip_h) = bottom.dim_in_pixel();
    let _ = bottom.draw_text(
        "weights",
        &centred(("sans-serif", px.text()).into_font().color(&fg).transform(FontTransform::Rotate270)),
        (px.px(px.text * 0.8) as i32, strip_h as i32 / 2),
    );
    let bottom = bottom.margin(0, 0, side, px.px(14.0));
    let cells = bottom.split_evenly((1, weights.len()));
    for (l, (area, w)) in cells.iter().zip(weights).enumerate() {
        let m = w.iter().fold(0.05f32, |m, v| m.max(v.abs()));
        let bins = 24;
        let mut counts = vec![0u32; bins];
        for v in w {
            counts[(((v + m) / (2.0 * m) * bins as f32) as usize).min(bins - 1)] += 1;
        }
        let most = counts.iter().copied().max().unwrap_or(1).max(1);
        let room = area.dim_in_pixel().0.saturating_sub(px.px(4.0));
        let output = l + 1 == weights.len();
        let (long, short) =
            if output { ("output".to_string(), "out".to_string()) } else { (format!("layer {}", l + 1), format!("{}", l + 1)) };
        let title = fitting(area, &[&long, &short], &title_font, room).unwrap_or("");
        let range = format!("±{}", short_number(m));
        let range = fitting(area, &[&range], &tick_font, room).unwrap_or("");
        let mut h = ChartBuilder::on(area)
            .caption(title, title_font.clone())
            .margin_left(px.px(2.0))
            .margin_right(px.px(2.0))
            .x_label_area_size(px.px(px.tick * 1.4 + 2.0))
            .build_cartesian_2d(-m..m, 0u32..most)
            .ok()?;
        let colour = grad_colour(l, weights.len(), dark).unwrap_or(fg);
        h.draw_series(std::iter::once(PathElement::new(vec![(-m, 0), (m, 0)], fg.stroke_width(1)))).ok()?;
        let width = 2.0 * m / bins as f32;
        h.draw_series(counts.iter().enumerate().map(|(b, &c)| {
            let x = -m + b as f32 * width;
            Rectangle::new([(x, 0), (x + width, c)], colour.filled())
        }))
        .ok()?;
        // Plotting ranges are the canvas's pixels, as the root's coordinates are.
        let (xr, yr) = h.plotting_area().get_pixel_range();
        let at = ((xr.start + xr.end) / 2, yr.end + px.px(2.0) as i32);
        root.draw_text(range, &tick_font.pos(Pos::new(HPos::Center, VPos::Top)), at).ok()?;
    }
    root.present().ok()
}

/// The chart's key: the layers by colour, once (the output in the text colour), and a
/// comparison's runs by dash, once.
#[component]
fn GradKey() -> impl IntoView {
    let st = AppState::get();
    let key = Memo::new(move |_| {
        st.watch(Redraw::Network);
        st.session.with_value(|s| {
            let layers = s.runs.iter().map(|r| r.trainer.network().layers().len()).max().unwrap_or(0);
            let runs: Vec<String> = if s.comparing() { s.runs.iter().map(|r| short_label(&r.label)).collect() } else { Vec::new() };
            (layers, runs)
        })
    });
    let layers = move || {
        let n = key.with(|k| k.0);
        let dark = st.view.with(|v| v.dark);
        (0..n)
            .map(|l| {
                let colour = grad_colour(l, n, dark).map_or("currentColor".to_string(), css_colour);
                let name = if l + 1 == n { "output".to_string() } else { format!("{}", l + 1) };
                view! { <span class="key-item"><i class="key-swatch" style=format!("background: {colour}")></i>{name}</span> }
            })
            .collect_view()
    };
    let runs = move || {
        key.with(|k| k.1.clone())
            .into_iter()
            .enumerate()
            .map(|(r, label)| {
                let (dash, gap) = RUN_DASHES[r % RUN_DASHES.len()];
                let pattern = if dash == 0 { "none".to_string() } else { format!("{dash} {gap}") };
                view! {
                    <span class="key-item key-run">
                        <svg class="key-dash" viewBox="0 0 28 6" aria-hidden="true">
                            <line x1="0" y1="3" x2="28" y2="3" stroke="currentColor" stroke-width="2" stroke-dasharray=pattern />
                        </svg>
                        {format!("run {} ({label})", r + 1)}
                    </span>
                }
            })
            .collect_view()
    };
    view! {
        <p class="chart-key" data-testid="grad-key">
            <span class="key-group"><span class="key-name">"layer"</span>{layers}</span>
            <span class="key-group">{runs}</span>
        </p>
    }
}

#[component]
pub fn GradientHealth() -> impl IntoView {
    let st = AppState::get();
    let open = move || st.view.with(|v| v.open.has(View::GradNorms));
    let canvas = NodeRef::<Canvas>::new();
    let size = box_size(canvas);
    throttled(
        move || {
            st.stats.track();
            st.runs.track();
            size.track();
            st.watch(Redraw::Network);
            st.view.with(|v| (v.open.has(View::GradNorms), v.dark, v.presentation));
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
            <section class="panel chart-panel grad-panel" aria-label="Gradient health">
                <h2>"Gradient health"</h2>
                <p class="hint">"Each epoch's mean norm of ∂E/∂W, one colour per layer, input side first; a comparison's runs each in their own dash. Lines far below the output's mean those layers barely learn: vanishing gradients."</p>
                <GradKey />
                <canvas node_ref=canvas data-testid="grad-norms" width="900" height="360"></canvas>
            </section>
        </Show>
    }
}

fn draw_lr_range(canvas: web_sys::HtmlCanvasElement, r: &LrRange, dark: bool) -> Option<()> {
    if !fit(&canvas) {
        return None;
    }
    let px = Px::of(&canvas);
    let width = px.css(canvas.width() as i32);
    let el = canvas.clone();
    let root = CanvasBackend::with_canvas_object(canvas)?.into_drawing_area();
    let (bg, fg, grid) = palette(dark);
    root.fill(&bg).ok()?;
    let losses = r.points.iter().map(|p| p.1).filter(|v| v.is_finite());
    let (lo, hi) = losses.fold((f32::MAX, f32::MIN), |(a, b), v| (a.min(v), b.max(v)));
    // Up to half as much again as the loss it started at: the rise at the end (to four
    // times the best, where the test stops) leaves the plot through its top instead of
    // squashing the fall that picks the rate into a flat line at its bottom.
    let start = r.points.iter().map(|p| p.1).find(|v| v.is_finite()).unwrap_or(hi);
    let (lo, hi) = if lo <= hi { (lo * 0.95, hi.min(1.5 * start) * 1.05 + 1e-6) } else { (0.0, 1.0) };
    // A decade's label every so many decades as the width allows, 1e-5 to 1e1.
    let xs = decades(-5.0, 1.0, ((width - 80.0) / (px.tick * 4.0)) as usize);
    let mut chart = ChartBuilder::on(&root)
        .margin(px.px(8.0))
        .margin_right(px.px(18.0))
        .x_label_area_size(px.below(true))
        .y_label_area_size(px.px(px.tick * 3.2 + px.text * 1.4 + 6.0))
        .build_cartesian_2d(-5f32..1f32, lo..hi)
        .ok()?;
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let plot = [px.css(xr.start), px.css(yr.start), px.css(xr.end - xr.start), px.css(yr.end - yr.start)];
    let _ = el.set_attribute("data-plot", &plot.map(|v| format!("{v:.0}")).join(","));
    themed(
        chart
            .configure_mesh()
            .x_desc("learning rate (log scale)")
            .y_desc("loss")
            .axis_desc_style(("sans-serif", px.text(), &fg))
            .x_labels(xs)
            .y_labels(((plot[3] / (px.tick * 2.5)) as usize).clamp(2, 6))
            .x_label_formatter(&power),
        (bg, fg, grid),
        px.tick(),
    )
    .draw()
    .ok()?;
    let stroke = px.px(2.5);
    // The curve up to where it leaves through the top (drawn along the top after that, it
    // looked like a plateau).
    let curve: Vec<(f32, f32)> = r.points.iter().filter(|p| p.1.is_finite()).map(|p| (p.0.log10(), p.1)).collect();
    let inside = crate::output::clipped(&curve, lo, hi).0.into_iter().next().unwrap_or_default();
    chart.draw_series(LineSeries::new(inside, rgb(viz::ORANGE).stroke_width(stroke))).ok()?;
    let x = r.suggested.log10();
    chart.draw_series(std::iter::once(PathElement::new(vec![(x, lo), (x, hi)], rgb(viz::BLUE).stroke_width(stroke)))).ok()?;
    // The suggestion named beside its line, at the top.
    let (at_x, at_y) = chart.backend_coord(&(x, hi));
    let label = format!("suggested {}", neuroplay::explain::n(r.suggested));
    let font = ("sans-serif", px.text()).into_font().color(&rgb(viz::BLUE));
    let (w, _) = root.estimate_text_size(&label, &font).ok()?;
    let left = at_x + px.px(6.0) as i32 + w as i32 > xr.end;
    let (anchor, dx) = if left { (HPos::Right, -(px.px(6.0) as i32)) } else { (HPos::Left, px.px(6.0) as i32) };
    root.draw_text(&label, &font.pos(Pos::new(anchor, VPos::Top)), (at_x + dx, at_y + px.px(4.0) as i32)).ok()?;
    root.present().ok()
}

/// The learning-rate range test: run by itself when the view opens (it is cheap), again
/// with a click; see the loss against the rate, use the suggestion with one click.
#[component]
pub fn LrFinder() -> impl IntoView {
    let st = AppState::get();
    let open = move || st.view.with(|v| v.open.has(View::LrFinder));
    let result = RwSignal::new(None::<LrRange>);
    Effect::new(move |_| {
        st.watch(Redraw::Network);
        result.set(None);
    });
    let canvas = NodeRef::<Canvas>::new();
    let size = box_size(canvas);
    Effect::new(move |_| {
        size.track();
        let dark = st.view.with(|v| v.dark);
        result.with(|r| {
            if let (Some(r), Some(c)) = (r, canvas.get()) {
                draw_lr_range(c, r, dark);
            }
        });
    });
    let test = move || {
        let r = st.session.with_value(|s| s.trainer().lr_range_test(1e-5, 10.0, 200));
        result.set(Some(r));
    };
    // Shown without a result (opened, or its network rebuilt) and not training: the test
    // runs once the view is on the page, after its first frame.
    let waiting = StoredValue::new(false);
    Effect::new(move |_| {
        let due = open() && !st.running.get() && result.with(Option::is_none) && canvas.get().is_some();
        if due && !waiting.get_value() {
            waiting.set_value(true);
            request_animation_frame(move || {
                waiting.set_value(false);
                let still = open() && !st.running.get_untracked() && result.with_untracked(Option::is_none);
                if still {
                    test();
                }
            });
        }
    });
    let run = move |_| {
        st.running.set(false);
        test();
    };
    let use_it = move |_| {
        if let Some(lr) = result.with_untracked(|r| r.as_ref().map(|r| r.suggested)) {
            st.set_setting("lr", &neuroplay::explain::n(lr));
        }
    };
    view! {
        <Show when=open>
            <section class="panel chart-panel lr-panel" aria-label="Learning-rate finder">
                <h2>"Learning-rate finder"</h2>
                <p class="hint">"From the current weights (which stay as they are), 200 minibatch steps with the rate growing from 0.00001 to 10. The suggestion is a tenth of the rate at the lowest loss."</p>
                <p class="lr-actions">
                    <button data-testid="lr-finder" on:click=run>"Run the range test again"</button>
                    {move || {
                        result
                            .get()
                            .map(|r| {
                                view! {
                                    <span>
                                        "Suggested learning rate: "
                                        <b data-testid="lr-suggested">{neuroplay::explain::n(r.suggested)}</b>
                                        " "
                                        <button class="small" data-testid="lr-use" on:click=use_it>"Use it"</button>
                                    </span>
                                }
                            })
                    }}
                </p>
                <canvas node_ref=canvas data-testid="lr-chart" width="600" height="240"></canvas>
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

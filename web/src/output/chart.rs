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

    /// The histories the y axis is scaled to: a comparison's runs that did not diverge (a
    /// diverged run's losses would flatten the others at the bottom; it leaves the top).
    fn scaled(&self) -> Vec<&LossHistory> {
        match self {
            Curves::Runs(r) if r.iter().any(|f| !f.stats.diverged) => r.iter().filter(|f| !f.stats.diverged).map(|f| &f.history).collect(),
            _ => self.histories(),
        }
    }
}

/// Which loss of an epoch a curve draws.
type Pick = fn(&LossPoint) -> f32;

/// A stretch of a curve: (epoch, loss) points.
pub type Piece = Vec<(f32, f32)>;

/// A label written in the band above the plot, next to the mark it names.
struct BandLabel {
    text: String,
    /// Its left end, in the canvas's pixels.
    x: f64,
}

/// Where a label `w` wide stands beside the line at `line`: right of it if it ends before
/// `limit` (where the next label begins, less a gap), else left of the line and of that
/// limit both (the best epoch is often the newest, under the end's label); never left
/// of the canvas.
fn beside(line: f64, w: f64, limit: f64, gap: f64) -> f64 {
    if line + gap + w <= limit {
        line + gap
    } else {
        (line - gap - w).min(limit - w).max(0.0)
    }
}

/// Draws the losses; with `log`, values are plotted as log₁₀ on a linear axis labelled in
/// powers of ten. The marks' labels (best epoch, stop, gap, a diverged run) stand in a band
/// above the plot, clear of the curves; the canvas carries the plot's corners as
/// `data-plot` ("left top right bottom", canvas pixels) and the y range as `data-y`.
fn draw_chart(canvas: web_sys::HtmlCanvasElement, curves: Curves<'_>, log: bool, dark: bool) -> Option<ChartFrame> {
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    use wasm_bindgen::JsCast;
    let px = crate::charts::Px::of(&canvas);
    let ctx = canvas.get_context("2d").ok()??.dyn_into::<web_sys::CanvasRenderingContext2d>().ok()?;
    // Measured on the canvas itself (plotters would measure with a span in the page, a
    // layout per label).
    let width_of = |text: &str, size: u32| -> f64 {
        ctx.set_font(&format!("{size}px sans-serif"));
        ctx.measure_text(text).map_or(text.len() as f64 * size as f64 * 0.6, |m| m.width())
    };
    let element = canvas.clone();
    let backend = CanvasBackend::with_canvas_object(canvas)?;
    let root = backend.into_drawing_area();
    let (bg, fg, grid) = palette(dark);
    root.fill(&bg).ok()?;
    let usable = |v: f32| v.is_finite() && (!log || v > 0.0);
    let y = |v: f32| if log { v.log10() } else { v };
    let histories = curves.histories();
    let values = curves
        .scaled()
        .into_iter()
        .flat_map(|h| h.points())
        .flat_map(|p| [p.train, p.test, p.val.unwrap_or(f32::NAN)])
        .filter(|v| usable(*v))
        .map(y);
    let (lo, hi) = values.fold((f32::MAX, f32::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let last_epoch = histories.iter().filter_map(|h| h.points().last()).map(|p| p.epoch).max().unwrap_or(1).max(1);
    // Compared runs 30 epochs on whose curves all keep well above 0 (batch-size's sit
    // between 0.42 and 0.74) are shown from a little under the lowest, so that their
    // differences show; before that, and for one run, the axis starts at 0 (early in
    // training every curve is high, and an axis that zoomed in then jumped back to 0 as
    // the loss fell).
    let zoom_in = matches!(curves, Curves::Runs(_)) && last_epoch >= 30;
    let (lo, hi) = match (lo <= hi, log) {
        (false, _) => (0.0, 1.0),
        (true, true) => (lo.floor(), hi.ceil().max(lo.floor() + 1.0)),
        (true, false) => {
            let hi = (hi * 1.05).clamp(1e-6, f32::MAX);
            (if zoom_in && lo > 0.4 * hi { (lo - 0.1 * (hi - lo)).max(0.0) } else { 0.0 }, hi)
        }
    };
    let max_epoch = last_epoch as f32;
    let line = |h: &LossHistory, pick: Pick| -> Piece {
        h.points().iter().filter(|p| usable(pick(p))).map(|p| (p.epoch as f32, y(pick(p)))).collect()
    };
    let marked = match curves {
        Curves::One(h) => h.points().len() >= 5,
        Curves::Runs(runs) => runs.iter().any(|r| r.stats.diverged),
    };
    let (tick, text) = (px.tick(), px.text());
    // Room above the plot for the marks' labels; right of it for half the last tick's
    // label, which stands centred on the plot's right edge when training ends on a tick.
    let top = if marked { text + px.px(8.0) } else { px.px(8.0) };
    let right = (width_of(&last_epoch.to_string(), tick) / 2.0).ceil() as u32 + px.px(6.0);
    let mut chart = ChartBuilder::on(&root)
        .margin(px.px(8.0))
        .margin_top(top)
        .margin_right(right)
        .x_label_area_size(px.px(12.0) + tick + if matches!(curves, Curves::One(_)) { text + px.px(4.0) } else { 0 })
        .y_label_area_size(px.room(48.0) + text - tick)
        .build_cartesian_2d(0f32..max_epoch, lo..hi)
        .ok()?;
    let fmt_y = move |v: &f32| if log { format!("1e{}", v.round() as i32) } else { super::fmt_axis(*v) };
    themed(
        chart
            .configure_mesh()
            .y_desc(if log { "loss (log)" } else { "loss" })
            .axis_desc_style(("sans-serif", text).into_font().color(&fg))
            .x_labels(5)
            .y_labels(if log { ((hi - lo) as usize + 1).min(8) } else { 5 })
            .x_label_formatter(&crate::charts::epoch_tick)
            .y_label_formatter(&fmt_y),
        (bg, fg, grid),
        tick,
    )
    .draw()
    .ok()?;
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let (left, right, top, bottom) = (xr.start as f64, xr.end as f64, yr.start as f64, yr.end as f64);
    let x_px = |epoch: f32| left + (right - left) * (epoch / max_epoch) as f64;
    let gap = px.px(6.0) as f64;
    let mut labels: Vec<BandLabel> = Vec::new();
    match curves {
        Curves::One(h) => {
            let (test, train, val) = (rgb(viz::BLUE), rgb(viz::ORANGE), rgb(VAL_COLOUR));
            // The best epoch (lowest watched loss), the stop and, at the newest epoch, the
            // gap, each a line across the plot; their labels stand in the band above it.
            if marked {
                let reading = h.reading();
                // Stopped early: the epoch whose weights are back, as the trainer kept it.
                let best = h.early_stop().map_or(reading.best_epoch, |(_, restored)| restored) as f32;
                chart.draw_series(DashedLineSeries::new([(best, lo), (best, hi)], 4, 4, fg.mix(0.6).stroke_width(1))).ok()?;
                let mut end = Vec::new();
                if let Some((stop, _)) = h.early_stop() {
                    let x = stop as f32;
                    chart.draw_series(LineSeries::new([(x, lo), (x, hi)], fg.stroke_width(2))).ok()?;
                    end.push(format!("stopped {stop}"));
                }
                if let Some(last) = h.points().last().filter(|p| usable(p.train) && usable(p.watched())) {
                    let x = last.epoch as f32;
                    chart.draw_series(LineSeries::new([(x, y(last.train)), (x, y(last.watched()))], fg.stroke_width(3))).ok()?;
                    end.push(format!("gap {:.3}", last.watched() - last.train));
                }
                // The stop and the gap are at the newest epoch: their label ends at the
                // plot's right edge; the best epoch's stands beside its line, on the side
                // with room.
                let end = end.join(" · ");
                let end_w = width_of(&end, text);
                let end_x = right - end_w;
                if !end.is_empty() {
                    labels.push(BandLabel { text: end, x: end_x });
                }
                let best_text = match h.early_stop() {
                    Some((_, restored)) => format!("restored {restored}"),
                    None => format!("best {}", reading.best_epoch),
                };
                let (bx, w) = (x_px(best), width_of(&best_text, text));
                let limit = if labels.is_empty() { right } else { end_x - 2.0 * gap };
                labels.push(BandLabel { text: best_text, x: beside(bx, w, limit, gap) });
            }
            let picks: [(RGBColor, Pick); 3] = [(train, |p| p.train), (test, |p| p.test), (val, |p| p.val.unwrap_or(f32::NAN))];
            for (colour, pick) in picks {
                for piece in clipped(&line(h, pick), lo, hi).0 {
                    chart.draw_series(LineSeries::new(piece, colour.stroke_width(2))).ok()?;
                }
            }
        }
        Curves::Runs(runs) => {
            let mut cursor = 0.0f64;
            for (k, r) in runs.iter().enumerate() {
                let c = rgb(RUN_COLOURS[k % RUN_COLOURS.len()]);
                for piece in clipped(&line(&r.history, |p| p.train), lo, hi).0 {
                    chart.draw_series(LineSeries::new(piece, c.mix(0.45).stroke_width(1))).ok()?;
                }
                let (pieces, exit) = clipped(&line(&r.history, LossPoint::watched), lo, hi);
                for piece in pieces {
                    chart.draw_series(LineSeries::new(piece, c.stroke_width(2))).ok()?;
                }
                // A diverged run is marked where its curve leaves the plot (or at its last
                // point) with a triangle in its colour, and named above the plot there.
                if r.stats.diverged {
                    let at = exit.or_else(|| line(&r.history, LossPoint::watched).last().copied());
                    if let Some((ex, ey)) = at {
                        let (mx, my) = (x_px(ex), top + (bottom - top) * ((hi - ey.clamp(lo, hi)) / (hi - lo)) as f64);
                        let s = px.px(6.0) as i32;
                        let (mx, my) = (mx.round() as i32, my.round() as i32);
                        let tip = if exit.is_some() { my } else { my - s };
                        root.draw(&Polygon::new(vec![(mx, tip), (mx - s, tip + 2 * s), (mx + s, tip + 2 * s)], c.filled())).ok()?;
                        let label = format!("run {} diverged", k + 1);
                        let w = width_of(&label, text);
                        let x = (mx as f64 - w / 2.0).max(cursor).min(element.width() as f64 - w).max(0.0);
                        cursor = x + w + gap;
                        labels.push(BandLabel { text: label, x });
                    }
                }
            }
        }
    }
    let font = ("sans-serif", text).into_font().color(&fg).pos(Pos::new(HPos::Left, VPos::Bottom));
    for l in &labels {
        root.draw(&Text::new(l.text.as_str(), (l.x.round() as i32, (top - px.px(3.0) as f64).round() as i32), font.clone())).ok()?;
    }
    // The x axis's name, left of its first tick under the y axis's labels; one run's key
    // to its curves in a row under the ticks, from the plot's left.
    let name = font.clone().pos(Pos::new(HPos::Right, VPos::Top));
    let name_x = left - width_of("0", tick) / 2.0 - px.px(8.0) as f64;
    root.draw(&Text::new("epoch", (name_x.round() as i32, (bottom + (tick as f64) * 0.5 + px.px(4.0) as f64).round() as i32), name))
        .ok()?;
    if let Curves::One(h) = curves {
        let stroke = px.px(2.0);
        let mut key = vec![("training", rgb(viz::ORANGE).stroke_width(stroke)), ("test", rgb(viz::BLUE).stroke_width(stroke))];
        if h.points().iter().any(|p| p.val.is_some()) {
            key.push(("validation", rgb(VAL_COLOUR).stroke_width(stroke)));
        }
        let (swatch, space) = (px.px(16.0) as f64, px.px(4.0) as f64);
        let base = element.height() as f64 - px.px(5.0) as f64;
        let mid = (base - text as f64 * 0.45).round() as i32;
        let mut x = left;
        for (name, style) in key {
            let (a, b) = (x.round() as i32, (x + swatch).round() as i32);
            root.draw(&PathElement::new(vec![(a, mid), (b, mid)], style)).ok()?;
            root.draw(&Text::new(name, ((x + swatch + space).round() as i32, base.round() as i32), font.clone())).ok()?;
            x += swatch + space + width_of(name, text) + 3.0 * space;
        }
    }
    root.present().ok()?;
    let _ = element.set_attribute("data-plot", &format!("{left} {top} {right} {bottom}"));
    let (lo_v, hi_v) = if log { (10f32.powf(lo), 10f32.powf(hi)) } else { (lo, hi) };
    let _ = element.set_attribute("data-y", &format!("{lo_v} {hi_v}"));
    Some(ChartFrame { left, right, max_epoch: max_epoch as f64 })
}

/// A polyline cut to the band `lo..=hi`: its pieces inside the band, and the point where
/// it first leaves the band through its top (on the top edge).
pub fn clipped(points: &[(f32, f32)], lo: f32, hi: f32) -> (Vec<Piece>, Option<(f32, f32)>) {
    let inside = |p: (f32, f32)| p.1 >= lo && p.1 <= hi;
    let mut pieces: Vec<Piece> = Vec::new();
    let mut exit = None;
    if let [p] = points {
        if inside(*p) {
            pieces.push(vec![*p]);
        }
    }
    if points.first().is_some_and(|p| p.1 > hi) {
        exit = points.first().map(|p| (p.0, hi));
    }
    let mut open = false;
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        let at = |t: f32| (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
        let (t0, t1) = if a.1 == b.1 {
            if inside(a) {
                (0.0, 1.0)
            } else {
                (1.0, 0.0)
            }
        } else {
            let (u, v) = ((lo - a.1) / (b.1 - a.1), (hi - a.1) / (b.1 - a.1));
            (u.min(v).max(0.0), u.max(v).min(1.0))
        };
        if exit.is_none() && a.1 <= hi && b.1 > hi {
            exit = Some(at((hi - a.1) / (b.1 - a.1)));
        }
        if t0 > t1 {
            open = false;
            continue;
        }
        if !(open && t0 == 0.0) {
            pieces.push(vec![at(t0)]);
        }
        if let Some(piece) = pieces.last_mut() {
            piece.push(at(t1));
        }
        open = t1 == 1.0;
    }
    (pieces, exit)
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
            let best = runs
                .iter()
                .enumerate()
                .filter(|(_, r)| !r.stats.diverged)
                .filter_map(|(k, r)| Some((k, r, r.stats.test_accuracy?)))
                .max_by(|a, b| a.2.total_cmp(&b.2));
            let own = "The runs' losses are each their own (squared error against cross-entropy), so they are not compared.";
            match best {
                Some((k, r, acc)) => {
                    let percent = |r: &RunFigures| r.stats.test_accuracy.map(|a| format!("{:.1}%", a * 100.0));
                    let shown = format!("{:.1}%", acc * 100.0);
                    let level = level(runs, &shown, percent);
                    match level.len() {
                        1 => format!("Highest test accuracy at epoch {}: run {} ({}), {shown}. {own}", r.stats.epoch, k + 1, r.label),
                        _ => format!("Test accuracy at epoch {}: {} tie at {shown}. {own}", r.stats.epoch, run_names(&level)),
                    }
                }
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
                // Runs level to the figures shown tie: none is named the best.
                let shown = fmt_loss(r.stats.watched_loss());
                let level = level(runs, &shown, |r| Some(fmt_loss(r.stats.watched_loss())));
                match level.len() {
                    1 => format!("Lowest {} loss at epoch {}: run {} ({}), {shown}.", watched_name(runs), r.stats.epoch, k + 1, r.label),
                    _ => format!(
                        "{} loss at epoch {}: {} tie at {shown}.",
                        capitalised(watched_name(runs)),
                        r.stats.epoch,
                        run_names(&level)
                    ),
                }
            });
            if diverged.is_empty() {
                lead
            } else {
                format!("{lead} Diverged: run {}.", diverged.join(", run "))
            }
        }
    }
}

/// The runs (none diverged) whose figure, written as the page shows it, reads `shown`:
/// more than one tie.
fn level(runs: &[RunFigures], shown: &str, figure: impl Fn(&RunFigures) -> Option<String>) -> Vec<usize> {
    runs.iter().enumerate().filter(|(_, r)| !r.stats.diverged && figure(r).as_deref() == Some(shown)).map(|(k, _)| k).collect()
}

/// Runs by number, for a sentence: "run 2", "runs 1 and 3", "runs 1, 2 and 3".
fn run_names(ks: &[usize]) -> String {
    let n: Vec<String> = ks.iter().map(|k| (k + 1).to_string()).collect();
    match n.split_last() {
        None => String::new(),
        Some((last, [])) => format!("run {last}"),
        Some((last, rest)) => format!("runs {} and {last}", rest.join(", ")),
    }
}

/// A word with its first letter in capitals.
fn capitalised(word: &str) -> String {
    let mut c = word.chars();
    c.next().map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

/// Train and test loss over epochs, drawn with plotters; a readout follows the pointer.
#[component]
pub fn LossChart() -> impl IntoView {
    let st = AppState::get();
    let canvas = NodeRef::<Canvas>::new();
    let frame = StoredValue::new(ChartFrame::default());
    let readout = RwSignal::new(None::<String>);
    let reading = RwSignal::new(String::new());
    let size = measured_size(canvas);
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
    let diverged = Memo::new(move |_| {
        st.runs.with(|r| r.iter().enumerate().filter(|(_, f)| f.stats.diverged).map(|(k, _)| k + 1).collect::<Vec<_>>())
    });
    let label = move || match comparing.get() {
        None => {
            let val = if has_val.get() { ", validation in green" } else { "" };
            format!("Loss over epochs: training in orange, test in blue{val}; a dashed line marks the best epoch")
        }
        Some(watched) => {
            let gone = diverged
                .with(|d| d.iter().map(|k| format!("; run {k} diverged, its curve leaves the chart at the triangle")).collect::<String>());
            format!("Loss over epochs of every run: {watched} loss bold, training loss faint, in the run's colour{gone}")
        }
    };
    view! {
        <div class="chart">
            <div class="chart-box">
                <RunLegend />
                <canvas
                    node_ref=canvas
                    width="440"
                    height="190"
                    data-testid="loss-chart"
                    aria-label=label
                    on:mousemove=on_move
                    on:mouseleave=move |_| readout.set(None)
                ></canvas>
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

/// The canvas's size in device pixels (its box's, times the device's pixel ratio, so the
/// chart is drawn sharp): measured when its box or the window changes, never in the
/// per-frame redraw (reading a size there forces a layout).
fn measured_size(canvas: NodeRef<Canvas>) -> RwSignal<(u32, u32)> {
    crate::resize::watched(canvas, (440, 190), |c| {
        crate::canvas::device_size(c.client_width().max(200) as f64, c.client_height().max(100) as f64)
    })
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

/// A run's label as its settings: `optimizer=adam, lr=0.01` is `optimizer` `adam` and
/// `lr` `0.01`; a part without "=" is a value without a key.
pub fn label_settings(label: &str) -> Vec<(Option<&str>, &str)> {
    label.split(", ").map(|p| p.split_once('=').map_or((None, p), |(k, v)| (Some(k), v))).collect()
}

/// The comparison's run labels, as a memo: the runs' figures change every frame, their
/// labels only with the comparison.
pub fn run_labels(st: AppState) -> Memo<Vec<String>> {
    Memo::new(move |_| st.runs.with(|r| r.iter().map(|f| f.label.clone()).collect::<Vec<_>>()))
}

/// The runs' labels with what they share written once: the keys they vary
/// ("optimizer, lr") and each run's values ("adagrad, 0.03"); the whole labels when the
/// runs do not vary the same keys.
fn compact(labels: &[String]) -> (Option<String>, Vec<String>) {
    let split: Vec<Vec<(Option<&str>, &str)>> = labels.iter().map(|l| label_settings(l)).collect();
    fn keys<'a>(s: &[(Option<&'a str>, &str)]) -> Vec<Option<&'a str>> {
        s.iter().map(|(k, _)| *k).collect()
    }
    let same = split.first().is_some_and(|first| first.iter().all(|(k, _)| k.is_some()) && split.iter().all(|s| keys(s) == keys(first)));
    if !same {
        return (None, labels.to_vec());
    }
    let values = split.iter().map(|s| s.iter().map(|(_, v)| *v).collect::<Vec<_>>().join(", ")).collect();
    (Some(keys(&split[0]).into_iter().flatten().collect::<Vec<_>>().join(", ")), values)
}

/// The comparison's legend above the loss chart: what the runs vary, then each run's
/// colour, number and values (its whole label on hover).
#[component]
fn RunLegend() -> impl IntoView {
    let st = AppState::get();
    let labels = run_labels(st);
    let watched = Memo::new(move |_| st.runs.with(|r| watched_name(r)));
    view! {
        <Show when=move || labels.with(|l| !l.is_empty())>
            <ul class="chart-legend" data-testid="chart-legend" aria-label="Runs">
                {move || {
                    let labels = labels.get();
                    let watched = watched.get();
                    let (lead, values) = compact(&labels);
                    let lead = lead.map(|keys| view! { <li class="legend-lead">{format!("{keys}:")}</li> });
                    let runs = values
                        .into_iter()
                        .zip(labels)
                        .enumerate()
                        .map(|(k, (values, label))| {
                            let colour = viz::css(RUN_COLOURS[k % RUN_COLOURS.len()]);
                            view! {
                                <li data-testid=format!("legend-{k}") title=format!("run {}: {label}", k + 1)>
                                    <span class="swatch" style=format!("background:{colour}")></span>
                                    {format!("{} · {values}", k + 1)}
                                </li>
                            }
                        })
                        .collect_view();
                    // Which line is which: each run's watched loss bold, its training loss faint.
                    let key = view! { <li class="legend-lead legend-key">"bold: " {watched} " · faint: training"</li> };
                    (lead, runs, key)
                }}
            </ul>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::beside;

    #[test]
    fn runs_are_named_as_a_sentence_names_them() {
        assert_eq!(super::run_names(&[1]), "run 2");
        assert_eq!(super::run_names(&[0, 2]), "runs 1 and 3");
        assert_eq!(super::run_names(&[0, 1, 2]), "runs 1, 2 and 3");
        assert_eq!(super::capitalised("validation"), "Validation");
    }

    #[test]
    fn the_best_epochs_label_stands_clear_of_its_line_and_of_the_end_label() {
        // Room on the right: right of its line.
        assert_eq!(beside(100.0, 60.0, 400.0, 6.0), 106.0);
        // The line under the end's label (which starts at 400 + 2 gaps): left of both.
        for line in [380.0, 400.0, 420.0, 450.0] {
            let x = beside(line, 60.0, 400.0, 6.0);
            assert!(x + 60.0 <= 400.0 && x + 60.0 <= line - 6.0 + 1e-9, "{line}: {x}");
        }
        // No room at all: at the canvas's left edge, never beyond it.
        assert_eq!(beside(30.0, 60.0, 50.0, 6.0), 0.0);
    }
}

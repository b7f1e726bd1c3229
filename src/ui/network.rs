//! The network diagram: the input features, one column per hidden layer, the output.
//! Every neuron shows its own live heatmap; links show their weight by colour and width,
//! tell it on hover, and take a typed value on click; so do the neurons' biases, drawn as a
//! dot beside each neuron. During the backpropagation walk-through the step's numbers stand
//! on the diagram (on bigger networks, in a neuron's tooltip); with batch normalization each
//! hidden layer shows a bar where its sums are normalised.
//!
//! What changes every frame is painted, not rendered: the links on one canvas and every
//! neuron's heatmap on another above it, by two effects that follow the frame counter. The elements (neurons, the weights' keyboard stops) are built once per shape
//! of the network and carry no attribute that changes while it trains; their positions
//! come from a few CSS variables set on the diagram when its size changes.

use super::canvas::{context, put_rgba};
use super::frame::{hidden_activation, paint_neuron, sample_neuron};
use super::state::{AppState, Redraw, GRID, UI_MAX_LAYERS, UI_MAX_NEURONS};
use crate::data::Feature;
use crate::engine::Activation;
use crate::explain::{self, Focus, Label, Place};
use crate::viz;
use leptos::html::{Canvas, Div, Input};
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Where the diagram's columns and rows lie, in CSS pixels of its body (below the layer
/// headers): the size of a neuron, the distance between columns and between rows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Geom {
    /// Left edge of the features' column (room for their labels is left of it).
    pub x0: f32,
    /// Distance between the left edges of neighbouring columns.
    pub col_w: f32,
    /// Side of a neuron.
    pub node: f32,
    /// Distance between the tops of neighbouring rows.
    pub pitch: f32,
    /// Margin above the first row and below the last.
    pub pad: f32,
    /// Columns (features, hidden layers, output) and rows (the tallest column).
    pub cols: usize,
    /// Rows of the tallest column.
    pub rows: usize,
}

impl Geom {
    const LABEL: f32 = 38.0;
    const PAD: f32 = 6.0;
    const MAX_NODE: f32 = 72.0;
    /// Sixteen rows of this still fit a laptop's diagram (its heatmap stays readable).
    pub const MIN_NODE: f32 = 12.0;
    /// A neuron a finger can hit (on a touch screen the diagram scrolls rather than shrink).
    pub const TOUCH_NODE: f32 = 40.0;

    /// Fits `cols × rows` neurons into `w × h` pixels: as large as both allow, between a
    /// least (`min_node`: legible, or large enough for a finger) and a most, columns at
    /// least `min_col` apart (wider for touch, where the layer buttons are larger). What
    /// does not fit scrolls inside the panel.
    pub fn fit(cols: usize, rows: usize, w: f32, h: f32, min_col: f32, min_node: f32) -> Geom {
        let (cols, rows) = (cols.max(2), rows.max(1));
        let spare_w = w - Self::LABEL - 2.0 * Self::PAD;
        // Rows a quarter of a neuron apart; columns at least 2.4 neurons apart.
        let by_height = (h - 2.0 * Self::PAD) / (rows as f32 * 1.25 - 0.25);
        let by_width = spare_w / (2.4 * (cols - 1) as f32 + 1.0);
        let node = by_height.min(by_width).clamp(min_node, Self::MAX_NODE).floor();
        let col_w = ((spare_w - node) / (cols - 1) as f32).min(node * 6.0).min(220.0).max(min_col).max(node * 1.8).floor();
        Geom { x0: Self::LABEL + Self::PAD, col_w, node, pitch: (node * 1.25).round(), pad: Self::PAD, cols, rows }
    }

    /// Left edge of column `col`.
    pub fn x(&self, col: usize) -> f32 {
        self.x0 + col as f32 * self.col_w
    }

    /// Top edge of row `row`.
    pub fn y(&self, row: usize) -> f32 {
        self.pad + row as f32 * self.pitch
    }

    /// The body's width and height.
    pub fn size(&self) -> (f32, f32) {
        (self.x(self.cols - 1) + self.node + Self::PAD, self.y(self.rows - 1) + self.node + self.pad)
    }

    /// A link's end points: the right side of its source, the left side of its target.
    fn ends(&self, link: &LinkRef) -> (f32, f32, f32, f32) {
        let half = self.node / 2.0;
        (self.x(link.layer) + self.node, self.y(link.from_row) + half, self.x(link.layer + 1), self.y(link.to) + half)
    }

    /// The middle of a link's curve, where its tooltip and editor go.
    fn middle(&self, link: &LinkRef) -> (f32, f32) {
        let (x0, y0, x1, y1) = self.ends(link);
        ((x0 + x1) / 2.0, (y0 + y1) / 2.0)
    }

    /// The dot of a neuron's bias, left of its lower corner (below where the links
    /// arrive): its centre and its largest radius.
    pub fn bias_mark(&self, col: usize, row: usize) -> (f32, f32, f32) {
        let r = (self.node * 0.16).clamp(3.0, 7.0);
        (self.x(col) - r - 2.0, self.y(row) + self.node - r, r)
    }
}

/// The bias dot under the point (x, y), within `tolerance` pixels of its largest circle,
/// as its position in `biases`.
pub(crate) fn bias_at(biases: &[BiasRef], g: &Geom, x: f32, y: f32, tolerance: f32) -> Option<usize> {
    biases.iter().position(|b| {
        let (cx, cy, r) = g.bias_mark(b.layer + 1, b.neuron);
        (x - cx).hypot(y - cy) <= r + tolerance
    })
}

/// A link drawn from source to target as a cubic curve with both control points halfway
/// across: x(t) = x0 + (x1 − x0)·(1.5t(1 − t) + t³), y(t) = y0 + (y1 − y0)·(3t² − 2t³).
/// Returns the curve parameter t at which x(t) = `x` (x(t) rises monotonically).
fn curve_t(x0: f32, x1: f32, x: f32) -> f32 {
    let target = ((x - x0) / (x1 - x0)).clamp(0.0, 1.0);
    let (mut lo, mut hi) = (0.0f32, 1.0f32);
    for _ in 0..20 {
        let t = (lo + hi) / 2.0;
        if 1.5 * t * (1.0 - t) + t * t * t < target {
            lo = t;
        } else {
            hi = t;
        }
    }
    (lo + hi) / 2.0
}

/// The link nearest to the point (x, y) of the diagram's body, within `tolerance` pixels
/// of its curve (measured across the curve), as its position in `links`.
pub(crate) fn link_at(links: &[LinkRef], g: &Geom, x: f32, y: f32, tolerance: f32) -> Option<usize> {
    let layer = (0..g.cols.saturating_sub(1)).find(|&l| x >= g.x(l) + g.node && x <= g.x(l + 1))?;
    let (x0, x1) = (g.x(layer) + g.node, g.x(layer + 1));
    let t = curve_t(x0, x1, x);
    let (rise, slope) = (3.0 * t * t - 2.0 * t * t * t, (6.0 * t - 6.0 * t * t) / ((1.5 - 3.0 * t + 3.0 * t * t) * (x1 - x0)));
    let mut best = None;
    let mut best_d = tolerance;
    for (pos, link) in links.iter().enumerate().filter(|(_, l)| l.layer == layer) {
        let (_, y0, _, y1) = g.ends(link);
        let d = (y - (y0 + (y1 - y0) * rise)).abs() / (1.0 + (slope * (y1 - y0)).powi(2)).sqrt();
        if d <= best_d {
            best_d = d;
            best = Some(pos);
        }
    }
    best
}

/// One weight of the network: which layer, from which input (and the row it is drawn
/// at) to which neuron, and where it lives in the parameter vector.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct LinkRef {
    layer: usize,
    from: usize,
    from_row: usize,
    to: usize,
    index: usize,
}

impl LinkRef {
    /// The `data-testid` of the link's keyboard stop.
    fn testid(&self) -> String {
        format!("link-{}-{}-{}", self.layer, self.from, self.to)
    }
}

/// One bias of the network: the neuron it belongs to and where it lives in the parameter
/// vector.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct BiasRef {
    layer: usize,
    neuron: usize,
    index: usize,
}

impl BiasRef {
    /// The `data-testid` of the bias's keyboard stop.
    fn testid(&self) -> String {
        format!("bias-{}-{}", self.layer, self.neuron)
    }
}

/// Every bias of a network, layer by layer (none for a layer without: bias=off, or batch
/// normalization's β in their place).
fn biases_of(layers: &[crate::engine::layer::Dense]) -> Vec<BiasRef> {
    layers
        .iter()
        .enumerate()
        .filter(|(_, d)| d.biases.len() == d.outputs)
        .flat_map(|(l, d)| (0..d.outputs).map(move |j| BiasRef { layer: l, neuron: j, index: d.biases.start + j }))
        .collect()
}

/// A weight or a bias: what a keyboard stop, the tooltip and the edit box are about. The
/// stops are numbered links first, then biases.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Param {
    Link(LinkRef),
    Bias(BiasRef),
}

impl Param {
    fn index(&self) -> usize {
        match self {
            Param::Link(l) => l.index,
            Param::Bias(b) => b.index,
        }
    }
}

/// The shape the diagram is drawn from.
#[derive(Clone, Debug, PartialEq)]
struct Shape {
    features: Vec<Feature>,
    layers: Vec<usize>,
    activations: Vec<Activation>,
    outputs: usize,
    version: u64,
}

impl Shape {
    fn cols(&self) -> usize {
        self.layers.len() + 2
    }

    fn rows(&self) -> usize {
        Feature::ALL.len().max(self.layers.iter().copied().max().unwrap_or(0)).max(self.outputs)
    }

    /// Every weight, layer by layer, in the order the arrow keys walk them.
    fn links(&self, weight_index: impl Fn(usize, usize, usize) -> usize) -> Vec<LinkRef> {
        // Row of each engine input: the feature's place in the full list.
        let input_rows: Vec<usize> = self.features.iter().map(|f| Feature::ALL.iter().position(|x| x == f).unwrap_or(0)).collect();
        let mut sizes = vec![self.features.len()];
        sizes.extend(&self.layers);
        sizes.push(self.outputs);
        let mut links = Vec::new();
        for l in 0..sizes.len() - 1 {
            for from in 0..sizes[l] {
                let from_row = if l == 0 { input_rows.get(from).copied().unwrap_or(from) } else { from };
                for to in 0..sizes[l + 1] {
                    links.push(LinkRef { layer: l, from, from_row, to, index: weight_index(l, from, to) });
                }
            }
        }
        links
    }

    /// What a screen reader says for a link.
    fn describe(&self, link: &LinkRef) -> String {
        let from = match self.features.get(link.from) {
            Some(f) if link.layer == 0 => format!("from input {}", f.label()),
            _ => format!("from layer {} neuron {}", link.layer, link.from + 1),
        };
        let to = if link.layer == self.layers.len() {
            format!("to output {}", link.to + 1)
        } else {
            format!("to layer {} neuron {}", link.layer + 1, link.to + 1)
        };
        format!("Weight {from} {to}: Enter types a new one, arrow keys go to the next")
    }

    /// How the page names neuron `j` of layer `l` (the last is the output).
    fn neuron_name(&self, l: usize, j: usize) -> String {
        if l == self.layers.len() {
            format!("output {}", j + 1)
        } else {
            format!("layer {} neuron {}", l + 1, j + 1)
        }
    }

    /// What a screen reader says for a bias.
    fn describe_bias(&self, b: &BiasRef) -> String {
        format!("Bias of {}: Enter types a new one, arrow keys go to the next", self.neuron_name(b.layer, b.neuron))
    }

    /// The row input `i` of the network is drawn at (its feature's place in the full list).
    fn input_row(&self, i: usize) -> usize {
        self.features.get(i).and_then(|f| Feature::ALL.iter().position(|x| x == f)).unwrap_or(i)
    }
}

/// A hidden or output neuron: a frame over the diagram's canvas, where its heatmap is
/// painted every frame; it takes the pointer and the keyboard focus.
#[component]
fn Neuron(layer: usize, index: usize, col: usize, row: usize, output: bool) -> impl IntoView {
    let st = AppState::get();
    let label = if output { format!("Output {}", index + 1) } else { format!("Layer {} neuron {}", layer + 1, index + 1) };
    view! {
        <div
            class="neuron"
            class:output=output
            style=format!("--c:{col};--r:{row}")
            title=format!("{label}: hover (or focus) to see it large in the output")
            data-testid=format!("neuron-{layer}-{index}")
            tabindex="0"
            role="img"
            aria-label=label.clone()
            on:mouseenter=move |_| st.hover.set(Some((layer, index)))
            on:mouseleave=move |_| st.hover.set(None)
            on:focus=move |_| st.hover.set(Some((layer, index)))
            on:blur=move |_| st.hover.set(None)
        ></div>
    }
}

/// An input feature: its values as a heatmap; clicking turns it on or off.
#[component]
fn FeatureNode(feature: Feature, row: usize, active: bool) -> impl IntoView {
    let st = AppState::get();
    let canvas = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        if let Some(c) = canvas.get() {
            put_rgba(&c, &viz::feature_rgba(feature, &GRID), GRID.n as u32, GRID.n as u32);
        }
    });
    view! {
        <button
            class="neuron feature"
            class:inactive=!active
            style=format!("--c:0;--r:{row}")
            data-testid=format!("feature-{}", feature.name())
            aria-pressed=active.to_string()
            aria-label=format!("Input feature {}", feature.label())
            title=format!("{}: click to turn {}", feature.label(), if active { "off" } else { "on" })
            on:click=move |_| st.toggle_feature(feature)
        >
            <canvas node_ref=canvas width=GRID.n height=GRID.n></canvas>
            <span class="feature-label">{feature.label()}</span>
        </button>
    }
}

/// Header of a hidden layer: neuron count with + and −, and its activation.
#[component]
fn LayerHeader(index: usize, col: usize) -> impl IntoView {
    let st = AppState::get();
    let size = Memo::new(move |_| st.settings.with(|s| s.layers.get(index).copied().unwrap_or(0)));
    let act = Memo::new(move |_| st.settings.with(|s| s.layer_activations().get(index).copied().unwrap_or(Activation::Tanh)));
    let change = move |delta: isize| {
        let s = st.settings.get_untracked();
        let mut layers = s.layers.clone();
        let Some(size) = layers.get_mut(index) else { return };
        let n = *size as isize + delta;
        if n < 1 || n > UI_MAX_NEURONS as isize {
            st.say(format!("A layer has 1 to {UI_MAX_NEURONS} neurons here."));
            return;
        }
        *size = n as usize;
        st.set_layers(layers, s.activations.clone());
    };
    view! {
        <div class="layer-header" style=format!("--c:{col}")>
            <div class="plus-minus">
                <button
                    class="small"
                    data-testid=format!("layer-{index}-remove")
                    aria-label=format!("Remove a neuron from layer {}", index + 1)
                    title="Remove a neuron (at least 1 stays)"
                    disabled=move || { size.get() <= 1 }
                    on:click=move |_| change(-1)
                >
                    "−"
                </button>
                <button
                    class="small"
                    data-testid=format!("layer-{index}-add")
                    aria-label=format!("Add a neuron to layer {}", index + 1)
                    title=format!("Add a neuron (at most {UI_MAX_NEURONS})")
                    disabled=move || { size.get() >= UI_MAX_NEURONS }
                    on:click=move |_| change(1)
                >
                    "+"
                </button>
            </div>
            <div class="layer-size">
                {move || size.get()}
                <span class="unit">{move || if size.get() == 1 { " neuron" } else { " neurons" }}</span>
            </div>
            <select
                class="layer-activation"
                data-testid=format!("layer-{index}-activation")
                aria-label=format!("Activation of layer {}", index + 1)
                prop:value=move || act.get().name()
                on:change=move |ev| {
                    let s = st.settings.get_untracked();
                    if let Some(a) = Activation::from_name(&event_target_value(&ev)) {
                        let mut acts = s.layer_activations();
                        let Some(slot) = acts.get_mut(index) else { return };
                        *slot = a;
                        let same = acts.iter().all(|x| *x == s.activation);
                        st.set_layers(s.layers.clone(), (!same).then_some(acts));
                    }
                }
            >
                {HIDDEN_ACTIVATIONS
                    .iter()
                    .map(|a| view! { <option value=a.name() selected=move || act.get() == *a>{a.name()}</option> })
                    .collect_view()}
            </select>
        </div>
    }
}

/// The activations a hidden layer can use (the settings table's; the step function
/// cannot be trained).
pub const HIDDEN_ACTIVATIONS: &[Activation] = <Activation as crate::config::Choice>::ALL;

/// Adds or removes hidden layers; sets every layer's activation at once.
#[component]
fn LayerControls() -> impl IntoView {
    let st = AppState::get();
    let count = Memo::new(move |_| st.settings.with(|s| s.layers.len()));
    let add = move |_: leptos::ev::MouseEvent| {
        let s = st.settings.get_untracked();
        if s.layers.len() >= UI_MAX_LAYERS {
            st.say(format!("The page shows at most {UI_MAX_LAYERS} hidden layers."));
            return;
        }
        let mut layers = s.layers.clone();
        layers.push(2);
        let acts = s.activations.clone().map(|mut a| {
            a.push(s.activation);
            a
        });
        st.set_layers(layers, acts);
    };
    let remove = move |_: leptos::ev::MouseEvent| {
        let s = st.settings.get_untracked();
        let mut layers = s.layers.clone();
        if layers.pop().is_none() {
            return;
        }
        let acts = s.activations.clone().map(|mut a| {
            a.pop();
            a
        });
        st.set_layers(layers, acts);
    };
    view! {
        <div class="layer-controls">
            <button class="round small" data-testid="add-layer" aria-label="Add a hidden layer"
                title=format!("Add a hidden layer (at most {UI_MAX_LAYERS})") disabled=move || { count.get() >= UI_MAX_LAYERS } on:click=add>"+"</button>
            <button class="round small" data-testid="remove-layer" aria-label="Remove the last hidden layer"
                title="Remove the last hidden layer" disabled=move || count.get() == 0 on:click=remove>"−"</button>
            <span class="layer-count">{move || format!("{} hidden layer{}", count.get(), if count.get() == 1 { "" } else { "s" })}</span>
            <span class="limit" data-testid="layer-count-limit" title="The most layers and neurons per layer the page shows">
                {format!("(max {UI_MAX_LAYERS} × {UI_MAX_NEURONS})")}
            </span>
            <label class="control inline" for="ctl-activation">
                <span class="control-label">"Activation"</span>
                <select
                    id="ctl-activation"
                    data-testid="activation"
                    prop:value=move || st.settings.with(|s| s.activation.name())
                    on:change=move |ev| st.set_all_activations(&event_target_value(&ev))
                >
                    {HIDDEN_ACTIVATIONS
                        .iter()
                        .map(|a| {
                            let a = *a;
                            view! { <option value=a.name() selected=move || st.settings.with(|s| s.activation == a)>{a.name()}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
        </div>
    }
}

/// The step of weight `w` that sets a link's colour and width (0.1 apart), so that links
/// of about the same weight are drawn as one path.
fn link_bucket(w: f32) -> i32 {
    if w.is_finite() {
        (w.clamp(-2.6, 2.6) * 10.0).round() as i32
    } else {
        0
    }
}

/// A step's colour (CSS) and line width (`scale` follows the neurons' size).
fn link_style(bucket: i32, scale: f32) -> (String, f64) {
    let w = bucket as f32 / 10.0;
    (viz::css(viz::diverging(w.clamp(-1.0, 1.0))), ((0.5 + 2.5 * w.abs()).min(7.0) * scale) as f64)
}

/// Sizes a canvas to `g`'s body at the screen's pixel density; true if it changed (which
/// also clears it). Its context then draws in CSS pixels.
fn fit_canvas(canvas: &web_sys::HtmlCanvasElement, g: &Geom) -> Option<(web_sys::CanvasRenderingContext2d, bool)> {
    let ctx = context(canvas)?;
    let dpr = window().device_pixel_ratio().clamp(1.0, 2.0);
    let (w, h) = g.size();
    let (pw, ph) = ((w as f64 * dpr).ceil() as u32, (h as f64 * dpr).ceil() as u32);
    let resized = canvas.width() != pw || canvas.height() != ph;
    if resized {
        canvas.set_width(pw);
        canvas.set_height(ph);
    }
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    Some((ctx, resized))
}

/// Links redrawn per frame at most, beyond those the pointer or the focus changed: wide
/// anti-aliased curves are the costliest thing the browser draws here (≈ 8 µs each in
/// software), so with thousands of links the gaps between columns take turns (with 8 × 16
/// each is redrawn about every sixth frame, ten times a second), and with a few hundred
/// every change is drawn at once.
const LINK_BUDGET: usize = 384;

/// What the links' canvas shows, to redraw only the gaps between columns whose links
/// changed.
#[derive(Default)]
struct LinksDrawn {
    /// Each link's colour-and-width step as drawn.
    buckets: Vec<i32>,
    geom: Option<Geom>,
    shown: Option<usize>,
    /// The gap to look at first next time (the turns go round).
    next_gap: usize,
    /// Scratch: (step, position) of the links being redrawn, sorted by step.
    order: Vec<(i32, u32)>,
    /// Scratch: which gaps between columns to redraw.
    dirty: Vec<bool>,
    /// Scratch: each gap's links changed since drawn, and how many links it has.
    changed: Vec<(bool, usize)>,
}

/// Draws the links whose look changed since they were drawn: the gaps between columns that
/// hold one are cleared and redrawn (within [`LINK_BUDGET`]), one path per colour and
/// width. The link under the pointer or the keyboard focus is drawn again on top, outlined.
fn draw_links(
    canvas: &web_sys::HtmlCanvasElement,
    g: &Geom,
    links: &[LinkRef],
    params: &[f32],
    shown: Option<usize>,
    drawn: &mut LinksDrawn,
) {
    let Some((ctx, resized)) = fit_canvas(canvas, g) else { return };
    let gaps = g.cols - 1;
    let gap_of = |l: &LinkRef| l.layer.min(gaps - 1);
    let all = resized || drawn.geom != Some(*g) || drawn.buckets.len() != links.len();
    if all {
        drawn.buckets.clear();
        drawn.buckets.resize(links.len(), i32::MIN);
    }
    drawn.changed.clear();
    drawn.changed.resize(gaps, (false, 0));
    for (link, old) in links.iter().zip(&drawn.buckets) {
        let gap = &mut drawn.changed[gap_of(link)];
        gap.1 += 1;
        gap.0 |= link_bucket(params.get(link.index).copied().unwrap_or(0.0)) != *old;
    }
    drawn.dirty.clear();
    drawn.dirty.resize(gaps, false);
    if drawn.shown != shown {
        for p in [drawn.shown, shown].into_iter().flatten() {
            if let Some(l) = links.get(p) {
                drawn.dirty[gap_of(l)] = true;
            }
        }
    }
    let mut budget = LINK_BUDGET;
    let first = drawn.next_gap;
    for k in 0..gaps {
        let gap = (first + k) % gaps;
        let (changed, count) = drawn.changed[gap];
        if changed && (all || count <= budget || budget == LINK_BUDGET) {
            drawn.dirty[gap] = true;
            budget = budget.saturating_sub(count);
            drawn.next_gap = (gap + 1) % gaps;
        }
    }
    for (link, b) in links.iter().zip(drawn.buckets.iter_mut()) {
        if drawn.dirty[gap_of(link)] {
            *b = link_bucket(params.get(link.index).copied().unwrap_or(0.0));
        }
    }
    drawn.geom = Some(*g);
    drawn.shown = shown;
    let dirty = &drawn.dirty;
    drawn.order.clear();
    drawn.order.extend(links.iter().enumerate().filter(|(_, l)| dirty[gap_of(l)]).map(|(pos, _)| (drawn.buckets[pos], pos as u32)));
    if drawn.order.is_empty() {
        return;
    }
    drawn.order.sort_unstable();
    let (_, h) = g.size();
    let h = h as f64;
    // Each gap is a strip of its own: a link starts and ends level (with a butt cap), so
    // it stays inside its gap and clearing the strip leaves the others alone.
    for (gap, _) in dirty.iter().enumerate().filter(|(_, d)| **d) {
        let (x0, x1) = (g.x(gap) + g.node, g.x(gap + 1));
        ctx.clear_rect(x0 as f64, 0.0, (x1 - x0) as f64, h);
    }
    let scale = (g.node / 36.0).clamp(0.6, 1.6);
    let curve = |l: &LinkRef| {
        let (x0, y0, x1, y1) = g.ends(l);
        let xm = (x0 + x1) / 2.0;
        ctx.move_to(x0 as f64, y0 as f64);
        ctx.bezier_curve_to(xm as f64, y0 as f64, xm as f64, y1 as f64, x1 as f64, y1 as f64);
    };
    for group in drawn.order.chunk_by(|a, b| a.0 == b.0) {
        let (colour, width) = link_style(group[0].0, scale);
        ctx.begin_path();
        for &(_, pos) in group {
            curve(&links[pos as usize]);
        }
        ctx.set_stroke_style_str(&colour);
        ctx.set_line_width(width);
        ctx.stroke();
    }
    if let Some(link) = shown.and_then(|p| links.get(p)) {
        let (colour, width) = link_style(drawn.buckets[shown.unwrap_or(0)], scale);
        ctx.begin_path();
        curve(link);
        ctx.set_stroke_style_str("rgba(8,119,189,0.45)");
        ctx.set_line_width(width + 6.0);
        ctx.stroke();
        ctx.set_stroke_style_str(&colour);
        ctx.set_line_width(width.max(2.0));
        ctx.stroke();
    }
}

/// Buffers the neurons' painter reuses from frame to frame.
#[derive(Default)]
struct Thumbs {
    /// The whole canvas, RGBA.
    rgba: Vec<u8>,
    /// One neuron's activations at its thumbnail's pixels.
    column: Vec<f32>,
    /// One neuron's thumbnail, RGBA.
    thumb: Vec<u8>,
}

/// Paints every hidden and output neuron's heatmap at the size it is shown (one pixel
/// per screen pixel, sampled from the last evaluation of the grid), and the biases' dots,
/// into one image put on the canvas at once: a 13-pixel neuron costs 169 cells, not the
/// grid's 10,000.
fn draw_thumbnails(
    canvas: &web_sys::HtmlCanvasElement,
    g: &Geom,
    s: &super::state::Session,
    buf: &mut Thumbs,
    biases: &[BiasRef],
    shown_bias: Option<usize>,
) {
    let Some((ctx, _)) = fit_canvas(canvas, g) else { return };
    let dpr = window().device_pixel_ratio().clamp(1.0, 2.0) as f32;
    let (cw, ch) = (canvas.width() as usize, canvas.height() as usize);
    buf.rgba.clear();
    buf.rgba.resize(cw * ch * 4, 0);
    let t = ((g.node - 2.0) * dpr).round().max(1.0) as usize;
    let net = s.trainer().network();
    let output = s.output.0;
    buf.thumb.resize(t * t * 4, 0);
    for (l, layer) in net.layers().iter().enumerate() {
        let acts = net.inferred(l).as_slice();
        if acts.len() != GRID.n * GRID.n * layer.outputs {
            continue;
        }
        for j in 0..layer.outputs {
            sample_neuron(acts, layer.outputs, j, t, &mut buf.column);
            paint_neuron(&buf.column, hidden_activation(net, l), output, s.classify, j, &mut buf.thumb);
            // Inside the neuron's one-pixel frame.
            let (x, y) = (((g.x(l + 1) + 1.0) * dpr).round() as usize, ((g.y(j) + 1.0) * dpr).round() as usize);
            if x + t > cw || y + t > ch {
                continue;
            }
            for (row, line) in buf.thumb.chunks_exact(t * 4).enumerate() {
                let at = ((y + row) * cw + x) * 4;
                buf.rgba[at..at + t * 4].copy_from_slice(line);
            }
        }
    }
    stamp_biases(buf, (cw, ch), dpr, g, biases, net.params(), shown_bias);
    let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
    put_rgba(canvas, &buf.rgba, cw as u32, ch as u32);
}

/// Stamps every bias as a dot beside its neuron into the neurons' image (no canvas
/// drawing call per dot: with 8 × 16 neurons that would be 129 fills and strokes a frame):
/// its colour is the bias's sign and size on the links' scale, its radius grows with its
/// size; the one under the pointer or the keyboard focus is ringed in blue.
fn stamp_biases(buf: &mut Thumbs, (cw, ch): (usize, usize), dpr: f32, g: &Geom, biases: &[BiasRef], params: &[f32], shown: Option<usize>) {
    for (pos, b) in biases.iter().enumerate() {
        let v = params.get(b.index).copied().filter(|v| v.is_finite()).unwrap_or(0.0);
        let (cx, cy, r) = g.bias_mark(b.layer + 1, b.neuron);
        let radius = r * (0.55 + 0.45 * (v.abs() / 2.0).min(1.0));
        let (ring, edge) = if shown == Some(pos) { (3.0, [8, 119, 189]) } else { (1.0, [90, 90, 100]) };
        let fill = viz::diverging(v.clamp(-1.0, 1.0));
        let dot = viz::Dot { centre: (cx * dpr, cy * dpr), radius: radius * dpr, ring: ring * dpr, fill, edge };
        viz::stamp_dot(&mut buf.rgba, (cw, ch), dot);
    }
}

/// Line height and character width of the walk-through's numbers on the diagram (CSS
/// pixels; the style sheet sets their font to match, and a label's padding and border add
/// 8 pixels across and 4 down).
const NUM_LINE: f32 = 12.0;
const NUM_CHAR: f32 = 6.4;

/// A box on the diagram's body: left, top, width, height.
type Rect = (f32, f32, f32, f32);

fn overlaps(a: Rect, b: Rect) -> bool {
    a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3
}

/// Where the walk-through's labels stand: beside each input and hidden neuron on its
/// right, beside each output on its left, each weight's at the middle of its link. In
/// order, each is moved its height down or up at a time (a link's also its width
/// aside, within its gap) until it covers no label placed before it: where a gap between
/// columns is narrow, or links cross at one middle.
fn place_labels(labels: &[Label], g: &Geom, sh: &Shape) -> Vec<Rect> {
    let out_layer = sh.layers.len();
    let mut placed: Vec<Rect> = Vec::with_capacity(labels.len());
    for label in labels {
        let chars = label.lines.iter().map(|t| t.chars().count()).max().unwrap_or(0);
        let (w, h) = (chars as f32 * NUM_CHAR + 8.0, label.lines.len() as f32 * NUM_LINE + 4.0);
        let (x, y) = match label.place {
            Place::Input(i) => (g.x(0) + g.node + 3.0, g.y(sh.input_row(i))),
            Place::Neuron(l, j) if l == out_layer => (g.x(l + 1) - 3.0 - w, g.y(j)),
            Place::Neuron(l, j) => (g.x(l + 1) + g.node + 3.0, g.y(j)),
            Place::Link(layer, from, to) => {
                let link = LinkRef { layer, from, from_row: if layer == 0 { sh.input_row(from) } else { from }, to, index: 0 };
                let (mx, my) = g.middle(&link);
                (mx - w / 2.0, my - h / 2.0)
            }
        };
        // A link's label may also stand beside that place, left or right, within its gap.
        let (lo, hi) = match label.place {
            Place::Link(layer, ..) => (g.x(layer) + g.node + 2.0, (g.x(layer + 1) - 2.0 - w).max(g.x(layer) + g.node + 2.0)),
            _ => (x, x),
        };
        let shifts = [0.0, -(w + 2.0), w + 2.0];
        // Down first, then up, a label's height (and a pixel) at a time; never above the body.
        let at = |(step, dx): (i32, f32)| ((x + dx).clamp(lo, hi), y + step as f32 * (h + 1.0), w, h);
        let free = (0..48)
            .map(|k: i32| if k % 2 == 0 { -(k / 2) } else { (k + 1) / 2 })
            .flat_map(|step| shifts.map(|dx| (step, dx)))
            .find(|c| at(*c).1 >= 0.0 && placed.iter().all(|p| !overlaps(at(*c), *p)));
        placed.push(at(free.unwrap_or((0, 0.0))));
    }
    placed
}

/// The `data-testid` of a walk-through label.
fn label_testid(place: Place) -> String {
    match place {
        Place::Input(i) => format!("walk-num-in-{i}"),
        Place::Neuron(l, j) => format!("walk-num-{l}-{j}"),
        Place::Link(l, i, j) => format!("walk-num-link-{l}-{i}-{j}"),
    }
}

/// The stretch of the diagram's body the step is about: a column, the links between two,
/// or every link (left and width).
fn focus_band(focus: Focus, g: &Geom) -> (f32, f32) {
    let column = |c: usize| (g.x(c) - 5.0, g.node + 10.0);
    let gap = |l: usize| (g.x(l) + g.node, g.col_w - g.node);
    match focus {
        Focus::Input => column(0),
        Focus::Forward(l) | Focus::Delta(l) => column(l + 1),
        Focus::Loss => column(g.cols - 1),
        Focus::Gradient(l) => gap(l),
        Focus::Update => (g.x(0) + g.node, g.x(g.cols - 1) - g.x(0) - g.node),
    }
}

/// The step's name for the diagram's highlight (`data-focus`).
fn focus_name(focus: Focus) -> String {
    match focus {
        Focus::Input => "input".into(),
        Focus::Forward(l) => format!("forward-{l}"),
        Focus::Loss => "loss".into(),
        Focus::Delta(l) => format!("delta-{l}"),
        Focus::Gradient(l) => format!("gradient-{l}"),
        Focus::Update => "update".into(),
    }
}

/// Up to this many neurons in every layer, the walk-through's numbers stand on the
/// diagram; beyond, a neuron shows its own on hover or focus.
const SMALL_LAYER: usize = 4;

/// The size the diagram may take: the scroll area's width, and its height (on the stacked
/// layout of narrow screens, where the page scrolls, a share of the window's height); and
/// whether it is for fingers (a narrow screen or a coarse pointer).
fn measure(area: &web_sys::HtmlDivElement) -> (f32, f32, bool) {
    let narrow = window().inner_width().ok().and_then(|w| w.as_f64()).unwrap_or(1280.0) < 1000.0;
    let coarse = window().match_media("(pointer: coarse)").ok().flatten().is_some_and(|m| m.matches());
    let head = area.query_selector(".diagram-head").ok().flatten().map_or(0, |h| h.client_height());
    let w = area.client_width() as f32;
    let h = if narrow {
        window().inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(800.0) as f32 * 0.6
    } else {
        (area.client_height() - head) as f32
    };
    (w, h, narrow || coarse)
}

/// Keeps `size` equal to the scroll area's measure while the area or the window changes.
fn observe_size(area: NodeRef<Div>, size: RwSignal<(f32, f32, bool)>) {
    let update = move || {
        if let Some(a) = area.get_untracked() {
            let m = measure(&a);
            if m.0 > 0.0 && size.get_untracked() != m {
                size.set(m);
            }
        }
    };
    let callback = Closure::<dyn FnMut()>::new(update);
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok();
    // Held by the component's owner (and dropped with it); the handle is what moves.
    let held = StoredValue::new_local((observer, callback));
    let observed = StoredValue::new(false);
    Effect::new(move |_| {
        if let (Some(a), false) = (area.get(), observed.get_value()) {
            held.with_value(|(o, _)| o.as_ref().map(|o| o.observe(&a)));
            observed.set_value(true);
            update();
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| update());
    on_cleanup(move || {
        resize.remove();
        held.try_with_value(|(o, _)| o.as_ref().map(|o| o.disconnect()));
    });
}

/// The whole diagram.
#[component]
pub fn NetworkDiagram() -> impl IntoView {
    let st = AppState::get();
    let shape = Memo::new(move |_| {
        st.watch(Redraw::Network);
        let version = st.version(Redraw::Network);
        st.settings.with(|s| Shape {
            features: s.features.clone(),
            layers: s.layers.clone(),
            activations: s.layer_activations(),
            outputs: s.network_config(s.features.len()).outputs,
            version,
        })
    });
    let links = Memo::new(move |_| {
        let sh = shape.get();
        st.session.with_value(|s| {
            let layers = s.trainer().network().layers();
            sh.links(|l, i, j| layers.get(l).map_or(0, |layer| layer.weight_index(i, j)))
        })
    });
    let biases = Memo::new(move |_| {
        shape.track();
        st.session.with_value(|s| biases_of(s.trainer().network().layers()))
    });
    // The hidden layers with batch normalization, and their sizes.
    let normed = Memo::new(move |_| {
        shape.track();
        st.session.with_value(|s| {
            let layers = s.trainer().network().layers();
            layers.iter().enumerate().filter(|(_, d)| !d.norm.is_empty()).map(|(l, d)| (l, d.outputs)).collect::<Vec<_>>()
        })
    });
    let area = NodeRef::<Div>::new();
    let size = RwSignal::new((700.0f32, 450.0f32, false));
    observe_size(area, size);
    let geom = Memo::new(move |_| {
        let (w, h, touch) = size.get();
        let (min_col, min_node) = if touch { (88.0, Geom::TOUCH_NODE) } else { (60.0, Geom::MIN_NODE) };
        shape.with(|sh| Geom::fit(sh.cols(), sh.rows(), w, h, min_col, min_node))
    });
    // The weight or bias under the pointer or the keyboard focus, and the one being
    // edited, as positions among the keyboard stops (links first, then biases).
    let shown = RwSignal::new(None::<usize>);
    let editing = RwSignal::new(None::<usize>);
    // Which stop Tab lands on (the weights and biases are one stop; the arrows walk them).
    let current = StoredValue::new(0usize);
    // The batch-normalization bar under the pointer or focus: (layer, neuron or the layer).
    let bn_shown = RwSignal::new(None::<(usize, Option<usize>)>);
    let diagram_canvas = NodeRef::<Canvas>::new();
    let thumbs_canvas = NodeRef::<Canvas>::new();
    let edit_input = NodeRef::<Input>::new();
    let keys = NodeRef::<Div>::new();
    let link_count = move || links.with_untracked(Vec::len);
    // The painters, each frame the buffers change: the links (those that changed), and
    // every neuron's thumbnail and bias on a canvas of their own above them.
    let mut drawn = LinksDrawn::default();
    let mut thumbs = Thumbs::default();
    Effect::new(move |_| {
        st.watch(Redraw::Pictures);
        let g = geom.get();
        let shown = shown.get();
        let Some(c) = diagram_canvas.get() else { return };
        links.with(|links| {
            let shown = shown.filter(|p| *p < links.len());
            st.session.with_value(|s| draw_links(&c, &g, links, s.trainer().network().params(), shown, &mut drawn))
        });
    });
    Effect::new(move |_| {
        st.watch(Redraw::Pictures);
        let g = geom.get();
        let shown_bias = shown.get().and_then(|p| p.checked_sub(link_count()));
        let Some(c) = thumbs_canvas.get() else { return };
        st.session.with_value(|s| {
            biases.with(|b| draw_thumbnails(&c, &g, s, &mut thumbs, b, shown_bias));
        });
    });
    let param_of = move |pos: usize| -> Option<Param> {
        match pos.checked_sub(link_count()) {
            None => links.with_untracked(|l| l.get(pos).copied()).map(Param::Link),
            Some(b) => biases.with_untracked(|bs| bs.get(b).copied()).map(Param::Bias),
        }
    };
    let value_of = move |p: Param| st.session.with_value(|s| s.trainer().network().params().get(p.index()).copied().unwrap_or(0.0));
    // The keyboard stop of a weight or bias, found by its position among the stops.
    let key_stop = move |pos: usize| -> Option<web_sys::HtmlElement> {
        keys.get_untracked()?.children().item(pos as u32)?.dyn_into::<web_sys::HtmlElement>().ok()
    };
    let focus_link = move |pos: usize| {
        if let (Some(old), Some(new)) = (key_stop(current.get_value()), key_stop(pos)) {
            let _ = old.set_attribute("tabindex", "-1");
            let _ = new.set_attribute("tabindex", "0");
            current.set_value(pos);
            let _ = new.focus();
        }
    };
    let pos_of = |ev: &web_sys::Event| -> Option<usize> {
        let el = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
        el.get_attribute("data-pos")?.parse().ok()
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let Some(pos) = pos_of(&ev) else { return };
        let next = match ev.key().as_str() {
            "Enter" | " " => {
                ev.prevent_default();
                ev.stop_propagation();
                editing.set(Some(pos));
                return;
            }
            "ArrowDown" | "ArrowRight" => pos + 1,
            "ArrowUp" | "ArrowLeft" => pos.wrapping_sub(1),
            _ => return,
        };
        // The arrows walk the weights here; they must not also step the training.
        ev.prevent_default();
        ev.stop_propagation();
        if param_of(next).is_some() {
            focus_link(next);
        }
    };
    let commit = move |text: String| {
        if let Some(pos) = editing.get_untracked() {
            editing.set(None);
            match param_of(pos) {
                Some(Param::Link(l)) => st.set_weight(l.layer, l.from, l.to, &text),
                Some(Param::Bias(b)) => st.set_bias(b.layer, b.neuron, &text),
                None => {}
            }
        }
    };
    let place = move |pos: usize| {
        let p = param_of(pos)?;
        Some(geom.with_untracked(|g| match p {
            Param::Link(l) => g.middle(&l),
            Param::Bias(b) => {
                let (x, y, _) = g.bias_mark(b.layer + 1, b.neuron);
                (x, y)
            }
        }))
    };
    // What the walk-through's step says about a weight or bias, for its tooltip.
    let walk_note = move |p: Param| -> Option<String> {
        st.walk.with(|w| {
            let w = w.as_ref()?;
            let focus = w.steps.get(w.at)?.focus;
            st.session.with_value(|s| {
                let layers = s.trainer().network().layers();
                match p {
                    Param::Bias(b) => explain::bias_number(&w.walk, layers, focus, b.layer, b.neuron),
                    Param::Link(l) => {
                        let labels = explain::diagram_numbers(&w.walk, layers, focus);
                        let label = labels.iter().find(|x| x.place == Place::Link(l.layer, l.from, l.to))?;
                        let what = if focus == Focus::Update { "after the update" } else { "∂E/∂w =" };
                        Some(format!("{what} {}", label.lines.join(" ")))
                    }
                }
            })
        })
    };
    let tooltip = move || {
        let pos = shown.get().filter(|_| editing.get().is_none())?;
        let (x, y) = place(pos)?;
        let p = param_of(pos)?;
        let v = value_of(p);
        let note = walk_note(p).map_or(String::new(), |n| format!("; walk-through: {n}"));
        let (testid, text) = match p {
            Param::Link(_) => ("link-tooltip", format!("weight {v:.3} — click or press Enter to type a new one{note}")),
            Param::Bias(b) => (
                "bias-tooltip",
                format!(
                    "bias of {} = {v:.3} — click or press Enter to type a new one{note}",
                    shape.with_untracked(|sh| sh.neuron_name(b.layer, b.neuron))
                ),
            ),
        };
        Some(view! {
            <div class="tooltip" data-testid=testid style:left=format!("{x}px") style:top=format!("{y}px")>
                {text}
            </div>
        })
    };
    let editor = move || {
        let pos = editing.get()?;
        let (x, y) = place(pos)?;
        let p = param_of(pos)?;
        let v = value_of(p);
        let label = if matches!(p, Param::Bias(_)) { "New bias" } else { "New weight" };
        Some(view! {
            <input
                class="weight-edit"
                data-testid="weight-edit"
                aria-label=label
                node_ref=edit_input
                style:left=format!("{}px", x - 40.0)
                style:top=format!("{}px", y - 12.0)
                value=format!("{v:.3}")
                on:keydown=move |ev| match ev.key().as_str() {
                    "Enter" => {
                        commit(event_target_value(&ev));
                        focus_link(pos);
                    }
                    "Escape" => {
                        editing.set(None);
                        focus_link(pos);
                    }
                    _ => {}
                }
                on:blur=move |ev| {
                    if editing.get_untracked().is_some() {
                        commit(event_target_value(&ev))
                    }
                }
            />
        })
    };
    Effect::new(move |_| {
        if editing.get().is_some() {
            if let Some(i) = edit_input.get() {
                let _ = i.focus();
                i.select();
            }
        }
    });
    // The pointer over the links: which bias dot or link it is on (neurons lie above the
    // canvas and take their own events).
    let hit = move |ev: &leptos::ev::PointerEvent| -> Option<usize> {
        let tolerance: f32 = if ev.pointer_type() == "touch" { 12.0 } else { 5.0 };
        let (x, y) = (ev.offset_x() as f32, ev.offset_y() as f32);
        let g = geom.get_untracked();
        if let Some(b) = biases.with_untracked(|b| bias_at(b, &g, x, y, tolerance / 2.0)) {
            return Some(link_count() + b);
        }
        links.with_untracked(|l| link_at(l, &g, x, y, tolerance))
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        let over = hit(&ev);
        if over != shown.get_untracked() {
            shown.set(over);
            if let Some(c) = diagram_canvas.get_untracked() {
                let _ = if over.is_some() { c.set_attribute("data-over", "") } else { c.remove_attribute("data-over") };
            }
        }
    };
    let on_click = move |ev: leptos::ev::PointerEvent| {
        if let Some(pos) = hit(&ev) {
            shown.set(Some(pos));
            editing.set(Some(pos));
        }
    };

    // The walk-through on the diagram: the step's stretch highlighted, and its numbers
    // beside the neurons and on the links (small networks), or in the tooltip of the
    // neuron under the pointer or focus (bigger ones).
    let walk_labels = Memo::new(move |_| {
        st.walk.with(|w| {
            let w = w.as_ref()?;
            let focus = w.steps.get(w.at)?.focus;
            let labels = st.session.with_value(|s| explain::diagram_numbers(&w.walk, s.trainer().network().layers(), focus));
            let small = w.walk.layers.iter().all(|l| l.out.len() <= SMALL_LAYER);
            Some((focus, labels, small))
        })
    });
    let walk_marks = move || {
        let (focus, labels, small) = walk_labels.get()?;
        let g = geom.get();
        let (left, width) = focus_band(focus, &g);
        let band = view! {
            <div
                class="walk-focus"
                data-testid="walk-focus"
                data-focus=focus_name(focus)
                aria-hidden="true"
                style:left=format!("{left}px")
                style:width=format!("{width}px")
            ></div>
        };
        let numbers = small.then(|| {
            let rects = shape.with(|sh| place_labels(&labels, &g, sh));
            labels
                .iter()
                .zip(rects)
                .map(|(label, (x, y, _, _))| {
                    view! {
                        <div
                            class="walk-num"
                            class:on-link=matches!(label.place, Place::Link(..))
                            data-testid=label_testid(label.place)
                            style:left=format!("{x}px")
                            style:top=format!("{y}px")
                        >
                            {label.lines.join("\n")}
                        </div>
                    }
                })
                .collect_view()
        });
        Some(view! {
            {band}
            <div class="walk-nums" role="group" aria-label="The walk-through's numbers">{numbers}</div>
        })
    };
    let walk_tip = move || {
        let (_, labels, small) = walk_labels.get()?;
        let (l, j) = st.hover.get().filter(|_| !small)?;
        let label = labels.iter().find(|x| x.place == Place::Neuron(l, j))?;
        let (x, y) = geom.with(|g| (g.x(l + 1) + g.node / 2.0, g.y(j)));
        let name = shape.with_untracked(|sh| sh.neuron_name(l, j));
        Some(view! {
            <div class="tooltip" data-testid="walk-tip" role="status" style:left=format!("{x}px") style:top=format!("{y}px")>
                {format!("{name}: {}", label.lines.join(", "))}
            </div>
        })
    };
    // Batch normalization: a bar before each normalised layer, one cell per neuron.
    let bn_bars = move || {
        let g = geom.get();
        normed
            .get()
            .into_iter()
            .map(|(l, n)| {
                let (top, bottom) = (g.y(0) - 2.0, g.y(n.max(1) - 1) + g.node + 2.0);
                let cells = (0..n)
                    .map(|j| {
                        view! {
                            <span
                                class="bn-cell"
                                data-testid=format!("bn-{l}-{j}")
                                style:top=format!("{}px", g.y(j) - top)
                                style:height=format!("{}px", g.node)
                                on:mouseenter=move |_| bn_shown.set(Some((l, Some(j))))
                                on:mouseleave=move |_| bn_shown.set(None)
                            ></span>
                        }
                    })
                    .collect_view();
                view! {
                    <div
                        class="bn-bar"
                        data-testid=format!("bn-{l}")
                        tabindex="0"
                        role="img"
                        aria-label=format!(
                            "Batch normalization: layer {} normalises its weighted sums over each minibatch, then scales them by γ and shifts them by β, before the activation",
                            l + 1
                        )
                        style:left=format!("{}px", g.x(l + 1) - 16.0)
                        style:top=format!("{top}px")
                        style:height=format!("{}px", bottom - top)
                        on:focus=move |_| bn_shown.set(Some((l, None)))
                        on:blur=move |_| bn_shown.set(None)
                    >
                        <span class="bn-text">"BN"</span>
                        {cells}
                    </div>
                }
            })
            .collect_view()
    };
    let bn_tip = move || {
        let (l, j) = bn_shown.get()?;
        st.watch(Redraw::Pictures);
        let [gamma, beta, ..] = st.session.with_value(|s| {
            let net = s.trainer().network();
            (l < net.layers().len()).then(|| net.layer_norm(l)).flatten()
        })?;
        let text = match j {
            Some(j) => format!(
                "Layer {} neuron {}: its weighted sum is normalised over the minibatch (mean 0, variance 1) to x̂, then scaled and shifted, γ·x̂ + β, with γ = {:.3}, β = {:.3}",
                l + 1,
                j + 1,
                gamma.get(j)?,
                beta.get(j)?
            ),
            None => {
                let list = |v: &[f32]| v.iter().map(|x| format!("{x:.2}")).collect::<Vec<_>>().join(", ");
                format!("Layer {}: batch normalization before the activation; γ = {}; β = {}", l + 1, list(&gamma), list(&beta))
            }
        };
        let (x, y) = geom.with(|g| (g.x(l + 1) - 10.0, g.y(j.unwrap_or(0))));
        Some(view! {
            <div class="tooltip wrap" data-testid="bn-tooltip" style:left=format!("{x}px") style:top=format!("{y}px")>
                {text}
            </div>
        })
    };

    let body = move || {
        let sh = shape.get();
        let cols = sh.cols();
        let features = Feature::ALL
            .iter()
            .enumerate()
            .map(|(row, f)| view! { <FeatureNode feature=*f row=row active=sh.features.contains(f) /> })
            .collect_view();
        let neuron = |l: usize, j: usize, col: usize, output: bool| view! { <Neuron layer=l index=j col=col row=j output=output /> };
        let hidden: Vec<_> = sh.layers.iter().enumerate().flat_map(|(l, &n)| (0..n).map(move |j| (l, j))).collect();
        let hidden = hidden.into_iter().map(|(l, j)| neuron(l, j, l + 1, false)).collect_view();
        let out_layer = sh.layers.len();
        let outputs = (0..sh.outputs).map(|j| neuron(out_layer, j, cols - 1, true)).collect_view();
        let headers = (0..sh.layers.len()).map(|l| view! { <LayerHeader index=l col=l + 1 /> }).collect_view();
        let stops = links.with_untracked(|links| {
            biases.with_untracked(|biases| {
                if current.get_value() >= links.len() + biases.len() {
                    current.set_value(0);
                }
                let tab = current.get_value();
                let tabindex = move |pos: usize| if pos == tab { "0" } else { "-1" };
                // One keyboard stop: the weights first, then the biases.
                let stop = move |pos: usize, testid: String, label: String| {
                    view! { <span role="button" tabindex=tabindex(pos) data-pos=pos data-testid=testid aria-label=label></span> }
                };
                let weights = links.iter().enumerate().map(|(pos, link)| stop(pos, link.testid(), sh.describe(link))).collect_view();
                let bias_stops =
                    biases.iter().enumerate().map(|(k, b)| stop(links.len() + k, b.testid(), sh.describe_bias(b))).collect_view();
                (weights, bias_stops)
            })
        });
        view! {
            <div class="diagram-head">
                <div class="column-title" style="--c:0">"Features"</div>
                {headers}
                <div class="column-title last" style=format!("--c:{}", cols - 1)>"Output"</div>
            </div>
            <div
                class="link-keys"
                node_ref=keys
                role="group"
                aria-label="Weights and biases"
                on:focusin=move |ev| {
                    if let Some(pos) = pos_of(&ev) {
                        if pos != current.get_value() {
                            focus_link(pos);
                        }
                        shown.set(Some(pos));
                    }
                }
                on:focusout=move |_| shown.set(None)
                on:keydown=on_keydown
                on:click=move |ev| {
                    if let Some(pos) = pos_of(&ev) {
                        editing.set(Some(pos))
                    }
                }
            >
                {stops}
            </div>
            <div class="diagram-body">
                {walk_marks}
                <canvas
                    class="links"
                    data-testid="links-canvas"
                    node_ref=diagram_canvas
                    aria-hidden="true"
                    on:pointermove=on_move
                    on:pointerleave=move |_| shown.set(None)
                    on:click=move |ev| on_click(ev.unchecked_into())
                ></canvas>
                <canvas class="thumbs" data-testid="neurons-canvas" node_ref=thumbs_canvas aria-hidden="true"></canvas>
                {bn_bars}
                {features}
                {hidden}
                {outputs}
                {walk_tip}
                {bn_tip}
                {tooltip}
                {editor}
            </div>
        }
    };
    let vars = move || {
        let g = geom.get();
        let (w, h) = g.size();
        format!(
            "--x0:{}px;--colw:{}px;--node:{}px;--pitch:{}px;--pad:{}px;width:{w}px;--body-h:{h}px",
            g.x0, g.col_w, g.node, g.pitch, g.pad
        )
    };
    view! {
        <section class="panel network-panel" aria-label="Network">
            <LayerControls />
            <div class="diagram-area" node_ref=area>
                <div class="diagram" class:narrow=move || geom.with(|g| g.col_w < 96.0) style=vars>
                    {body}
                </div>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::{bias_at, link_at, overlaps, place_labels, BiasRef, Geom, LinkRef, Shape};
    use crate::data::Feature;
    use crate::engine::Activation;
    use crate::explain::{Label, Place};
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn link(layer: usize, from: usize, to: usize) -> LinkRef {
        LinkRef { layer, from, from_row: from, to, index: 0 }
    }

    #[test]
    fn the_diagram_fits_its_area_and_grows_with_it() {
        let small = Geom::fit(4, 7, 600.0, 400.0, 60.0, Geom::MIN_NODE);
        let (w, h) = small.size();
        assert!(w <= 600.0 && h <= 400.0, "{w} × {h}");
        let large = Geom::fit(4, 7, 1100.0, 800.0, 60.0, Geom::MIN_NODE);
        assert!(large.node > small.node, "{} then {}", small.node, large.node);
        // Ten columns of sixteen on a laptop: smaller neurons, still legible, still fits.
        let deep = Geom::fit(10, 16, 620.0, 250.0, 60.0, Geom::MIN_NODE);
        assert!(deep.node >= Geom::MIN_NODE);
        assert!(deep.size().0 <= 620.0 && deep.size().1 <= 250.0, "{:?}", deep.size());
        // For fingers: neurons stay large, and the panel scrolls.
        let touch = Geom::fit(4, 7, 600.0, 200.0, 88.0, Geom::TOUCH_NODE);
        assert_eq!(touch.node, Geom::TOUCH_NODE);
    }

    #[test]
    fn a_point_on_a_link_finds_that_link_and_only_near_it() {
        let g = Geom::fit(3, 4, 600.0, 400.0, 60.0, Geom::MIN_NODE);
        let links = [link(0, 0, 0), link(0, 0, 3), link(0, 3, 3), link(1, 2, 0)];
        for (pos, l) in links.iter().enumerate() {
            let (x0, y0, x1, y1) = g.ends(l);
            // Points along the curve, from its parametric form.
            for t in [0.1f32, 0.3, 0.5, 0.7, 0.9] {
                let x = x0 + (x1 - x0) * (1.5 * t * (1.0 - t) + t * t * t);
                let y = y0 + (y1 - y0) * (3.0 * t * t - 2.0 * t * t * t);
                assert_eq!(link_at(&links, &g, x, y, 3.0), Some(pos), "t = {t} on link {pos}");
            }
        }
        let (x0, y0, x1, _) = g.ends(&links[0]);
        assert_eq!(link_at(&links, &g, (x0 + x1) / 2.0, y0 + g.pitch / 2.0 + 40.0, 3.0), None, "far from every link");
        assert_eq!(link_at(&links, &g, g.x(0) + 1.0, y0, 3.0), None, "on a neuron, not a link");
    }

    #[test]
    fn a_bias_dot_is_found_under_the_pointer_and_nowhere_else() {
        let g = Geom::fit(3, 7, 600.0, 400.0, 60.0, Geom::MIN_NODE);
        let biases = [
            BiasRef { layer: 0, neuron: 0, index: 0 },
            BiasRef { layer: 0, neuron: 1, index: 1 },
            BiasRef { layer: 1, neuron: 0, index: 2 },
        ];
        for (pos, b) in biases.iter().enumerate() {
            let (cx, cy, r) = g.bias_mark(b.layer + 1, b.neuron);
            assert!(cx + r < g.x(b.layer + 1) && cy < g.y(b.neuron) + g.node, "left of its neuron's lower corner");
            assert_eq!(bias_at(&biases, &g, cx + r / 2.0, cy, 2.0), Some(pos));
        }
        let (cx, cy, _) = g.bias_mark(1, 0);
        assert_eq!(bias_at(&biases, &g, cx, cy - g.node / 2.0, 2.0), None, "where the links arrive");
    }

    #[test]
    fn the_walks_labels_stand_beside_their_neurons_and_never_cover_one_another() {
        let sh = Shape {
            features: vec![Feature::X1, Feature::X2],
            layers: vec![2],
            activations: vec![Activation::Sigmoid],
            outputs: 1,
            version: 0,
        };
        let g = Geom::fit(sh.cols(), sh.rows(), 700.0, 450.0, 60.0, Geom::MIN_NODE);
        let label = |place, lines: &[&str]| Label { place, lines: lines.iter().map(|l| l.to_string()).collect() };
        let mut labels = vec![
            label(Place::Neuron(0, 0), &["δ 0.01552"]),
            label(Place::Neuron(0, 1), &["δ 0.01831"]),
            label(Place::Neuron(1, 0), &["δ 0.1242"]),
        ];
        // Every weight of the first layer: two of them cross at the same middle.
        for (i, j) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
            labels.push(label(Place::Link(0, i, j), &["-0.0007758"]));
        }
        let rects = place_labels(&labels, &g, &sh);
        // A hidden neuron's numbers on its right, the output's on its left.
        assert_eq!(rects[0].0, g.x(1) + g.node + 3.0);
        assert_eq!(rects[0].1, g.y(0));
        assert!(rects[2].0 + rects[2].2 <= g.x(2));
        for a in 0..rects.len() {
            for b in a + 1..rects.len() {
                assert!(!overlaps(rects[a], rects[b]), "labels {a} and {b}: {:?} {:?}", rects[a], rects[b]);
            }
        }
        // A link's label stays near its link's middle.
        let (mx, my) = g.middle(&LinkRef { layer: 0, from: 0, from_row: 0, to: 0, index: 0 });
        assert!((rects[3].0 + rects[3].2 / 2.0 - mx).abs() <= rects[3].2 && (rects[3].1 + rects[3].3 / 2.0 - my).abs() <= 4.0 * rects[3].3);
    }
}

//! The perceptron: one neuron with two weights and a bias, drawn with its numbers, its
//! line over the data, and Rosenblatt's rule stepped point by point with the engine's
//! [`Perceptron`] — mistakes per pass plotted, and the page saying whether it converged.

use super::canvas::context;
use super::state::{AppState, Redraw};
use leptos::html::Canvas;
use leptos::prelude::*;
use neuroplay::data::{Point, Problem, DOMAIN};
use neuroplay::engine::layer::{Perceptron, PerceptronStep};
use neuroplay::explain::n;
use neuroplay::lessons::View;
use neuroplay::viz;

/// Canvas side in pixels.
const SIDE: f64 = 320.0;
/// Passes without a mistake-free one after which the page calls it cycling.
const CYCLING_PASSES: usize = 30;

/// Where the rule stands.
#[derive(Clone, Debug, Default, PartialEq)]
struct RuleState {
    unit: Option<Perceptron>,
    /// The next point, in training order.
    next: usize,
    /// Mistakes in the pass under way.
    mistakes: usize,
    /// Mistakes of each completed pass.
    passes: Vec<usize>,
    /// The last step: which point and what the rule did.
    last: Option<(usize, PerceptronStep)>,
}

fn line_text(p: &Perceptron) -> String {
    format!("{}·x1 + {}·x2 + {} = 0", n(p.weights[0]), n(p.weights[1]), n(p.bias))
}

fn draw(canvas: &web_sys::HtmlCanvasElement, points: &[Point], p: &Perceptron, highlight: Option<usize>) {
    let Some(ctx) = context(canvas) else { return };
    let px = |x: f32, y: f32| -> (f64, f64) {
        let (a, b) = viz::to_pixel(x, y, SIDE as f32);
        (a as f64, b as f64)
    };
    // The two half-planes, faintly in their class's colour.
    let side = |x: f32, y: f32| p.net_input(&[x, y]) >= 0.0;
    let cells = 40;
    let cell = SIDE / cells as f64;
    for r in 0..cells {
        for c in 0..cells {
            let (x, y) = viz::from_pixel(((c as f64 + 0.5) * cell) as f32, ((r as f64 + 0.5) * cell) as f32, SIDE as f32);
            let col = if side(x, y) { viz::BLUE } else { viz::ORANGE };
            ctx.set_fill_style_str(&format!("rgba({},{},{},0.18)", col[0], col[1], col[2]));
            ctx.fill_rect(c as f64 * cell, r as f64 * cell, cell + 0.5, cell + 0.5);
        }
    }
    // The line w1·x1 + w2·x2 + b = 0, where it crosses the square.
    let (w1, w2, b) = (p.weights[0], p.weights[1], p.bias);
    if w1 != 0.0 || w2 != 0.0 {
        let ends = if w2.abs() > w1.abs() {
            [(-DOMAIN, (-b - w1 * -DOMAIN) / w2), (DOMAIN, (-b - w1 * DOMAIN) / w2)]
        } else {
            [((-b - w2 * -DOMAIN) / w1, -DOMAIN), ((-b - w2 * DOMAIN) / w1, DOMAIN)]
        };
        ctx.set_stroke_style_str("#222");
        ctx.set_line_width(2.0);
        ctx.begin_path();
        let (a, bb) = (px(ends[0].0, ends[0].1), px(ends[1].0, ends[1].1));
        ctx.move_to(a.0, a.1);
        ctx.line_to(bb.0, bb.1);
        ctx.stroke();
    }
    for (i, pt) in points.iter().enumerate() {
        let (x, y) = px(pt.x1, pt.x2);
        let c = viz::point_colour(pt.label, 2);
        ctx.set_fill_style_str(&viz::css(c));
        ctx.begin_path();
        let r = if Some(i) == highlight { 7.0 } else { 3.5 };
        let _ = ctx.arc(x, y, r, 0.0, std::f64::consts::TAU);
        ctx.fill();
        if Some(i) == highlight {
            ctx.set_stroke_style_str("#000");
            ctx.set_line_width(2.0);
            ctx.stroke();
        }
    }
}

impl RuleState {
    /// The unit as it is (all zeros before the first step).
    fn unit(&self) -> Perceptron {
        self.unit.clone().unwrap_or_else(|| Perceptron::new(2))
    }

    /// One step of Rosenblatt's rule on the next point.
    fn step(&mut self, pts: &[Point], lr: f32) {
        if pts.is_empty() {
            return;
        }
        let unit = self.unit.get_or_insert_with(|| Perceptron::new(2));
        let i = self.next % pts.len();
        let s = unit.step(&[pts[i].x1, pts[i].x2], pts[i].label.min(1.0), lr);
        if s.error != 0.0 {
            self.mistakes += 1;
        }
        self.last = Some((i, s));
        self.next = i + 1;
        if self.next == pts.len() {
            self.passes.push(self.mistakes);
            self.mistakes = 0;
            self.next = 0;
        }
    }

    /// Steps until the pass under way is complete.
    fn pass(&mut self, pts: &[Point], lr: f32) {
        let start = self.passes.len();
        for _ in 0..pts.len() {
            self.step(pts, lr);
            if self.passes.len() > start {
                break;
            }
        }
    }

    /// What the rule did at its last step, in a sentence.
    fn update_text(&self, pts: &[Point], lr: f32) -> Option<String> {
        let (i, s) = self.last.as_ref()?;
        let p = pts.get(*i).copied().unwrap_or(Point { x1: 0.0, x2: 0.0, label: 0.0 });
        let after = self.unit.as_ref().map_or(String::new(), line_text);
        Some(if s.error == 0.0 {
            format!("Point {}: ŷ = {} is right, so nothing changes.", i + 1, s.predicted)
        } else {
            format!(
                "Point {}: ŷ = {} but t = {}, a mistake. w ← w + η(t − ŷ)x = ({}, {}) + {}·({})·({}, {}); b ← b + η(t − ŷ). The line is now {after}.",
                i + 1,
                s.predicted,
                s.predicted + s.error,
                n(s.weights[0]),
                n(s.weights[1]),
                n(lr),
                s.error,
                n(p.x1),
                n(p.x2)
            )
        })
    }

    /// Converged, cycling, or too early to say.
    fn verdict(&self) -> Option<String> {
        match self.passes.last() {
            Some(0) => Some("A pass without a single mistake: the classes are linearly separable and the rule has converged.".to_string()),
            _ if self.passes.len() >= CYCLING_PASSES => Some(format!(
                "{} passes and the mistakes never reach 0: no straight line separates these classes, so the rule keeps cycling (exclusive or is the classic case).",
                self.passes.len()
            )),
            _ => None,
        }
    }
}

/// What the neuron computes for point `i`, in a sentence.
fn forward_text(unit: &Perceptron, p: Point, i: usize) -> String {
    let z = unit.net_input(&[p.x1, p.x2]);
    format!(
        "Point {}: z = w₁·x₁ + w₂·x₂ + b = {}·{} + {}·{} + {} = {}, so ŷ = step(z) = {} (its label is {}).",
        i + 1,
        n(unit.weights[0]),
        n(p.x1),
        n(unit.weights[1]),
        n(p.x2),
        n(unit.bias),
        n(z),
        if z >= 0.0 { 1 } else { 0 },
        p.label
    )
}

/// Mistakes per pass, the last 60 passes as bars.
#[component]
fn MistakeBars(rule: RwSignal<RuleState>) -> impl IntoView {
    let bars = move || {
        rule.with(|r| {
            let most = r.passes.iter().copied().max().unwrap_or(1).max(1) as f32;
            let shown = &r.passes[r.passes.len().saturating_sub(60)..];
            shown
                .iter()
                .enumerate()
                .map(|(i, &m)| {
                    let h = 60.0 * m as f32 / most;
                    view! { <rect x=i * 5 y=60.0 - h width="4" height=h></rect> }
                })
                .collect_view()
        })
    };
    view! {
        <p class="hint">{move || rule.with(|r| format!("Mistakes per pass ({} passes so far):", r.passes.len()))}</p>
        <svg class="mistakes" width="300" height="60" role="img" aria-label="Mistakes per pass" data-testid="perceptron-mistakes">{bars}</svg>
    }
}

/// The plot: the half-planes, the line and the points; hovering picks the point whose
/// forward pass the text shows.
#[component]
fn PerceptronPlot(rule: RwSignal<RuleState>, hover: RwSignal<Option<usize>>) -> impl IntoView {
    let st = AppState::get();
    let points = move || st.session.with_value(|s| s.train_points.clone());
    let canvas = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        let r = rule.get();
        let h = hover.get().or(r.last.as_ref().map(|l| l.0));
        st.watch(Redraw::Points);
        if let Some(c) = canvas.get() {
            draw(&c, &points(), &r.unit(), h);
        }
    });
    let on_move = move |ev: leptos::ev::MouseEvent| {
        let Some(c) = canvas.get_untracked() else { return };
        let rect = c.get_bounding_client_rect();
        let scale = SIDE / rect.width().max(1.0);
        let (x, y) = viz::from_pixel(
            ((ev.client_x() as f64 - rect.left()) * scale) as f32,
            ((ev.client_y() as f64 - rect.top()) * scale) as f32,
            SIDE as f32,
        );
        let pts = points();
        let d = |p: &Point| (p.x1 - x).powi(2) + (p.x2 - y).powi(2);
        hover.set(pts.iter().enumerate().min_by(|a, b| d(a.1).total_cmp(&d(b.1))).filter(|(_, p)| d(p) < 0.6).map(|(i, _)| i));
    };
    view! {
        <canvas node_ref=canvas width=SIDE height=SIDE data-testid="perceptron-plot" on:mousemove=on_move on:mouseleave=move |_| hover.set(None)></canvas>
    }
}

/// The perceptron view.
#[component]
pub fn PerceptronView() -> impl IntoView {
    let st = AppState::get();
    let rule = RwSignal::new(RuleState::default());
    let hover = RwSignal::new(None::<usize>);
    // A new dataset or network starts the rule again.
    Effect::new(move |_| {
        st.watch(Redraw::Network);
        st.watch(Redraw::Points);
        rule.set(RuleState::default());
    });
    let binary = Memo::new(move |_| st.settings.with(|s| s.problem() == Problem::Binary));
    let points = move || st.session.with_value(|s| s.train_points.clone());
    let lr = move || st.settings.with_untracked(|s| s.lr);
    // What the neuron computes for the point under the pointer (or the last one stepped).
    let forward = move || {
        let r = rule.get();
        let i = hover.get().or(r.last.as_ref().map(|l| l.0))?;
        Some(forward_text(&r.unit(), *points().get(i)?, i))
    };
    view! {
        <Show when=move || st.view.with(|v| v.open.has(View::Perceptron))>
            <section class="panel perceptron-panel" aria-label="The perceptron" data-testid="perceptron">
                <h2>"The perceptron"</h2>
                <Show
                    when=move || binary.get()
                    fallback=|| view! { <p class="hint">"The perceptron separates two classes: pick a dataset with two (circle, exclusive or, Gaussian, spiral, moons)."</p> }
                >
                    <p class="hint">"One neuron: z = w₁x₁ + w₂x₂ + b, answer ŷ = 1 if z ≥ 0, else 0 — a straight line in the plane. Hover a point to see its forward pass."</p>
                    <div class="perceptron-body">
                        <PerceptronPlot rule hover />
                        <div class="perceptron-text">
                            <p class="perceptron-line" data-testid="perceptron-line">
                                "Line: " {move || rule.with(|r| r.unit.as_ref().map_or("0·x1 + 0·x2 + 0 = 0 (all weights start at 0)".to_string(), line_text))}
                            </p>
                            <p data-testid="perceptron-forward">{forward}</p>
                            <p data-testid="perceptron-update">{move || rule.with(|r| r.update_text(&points(), lr()))}</p>
                            <div class="walk-controls">
                                <button data-testid="perceptron-step" on:click=move |_| rule.update(|r| r.step(&points(), lr()))>"Step: one point"</button>
                                <button data-testid="perceptron-pass" on:click=move |_| rule.update(|r| r.pass(&points(), lr()))>"One pass"</button>
                                <button class="small" on:click=move |_| rule.set(RuleState::default())>"Start again"</button>
                            </div>
                            <MistakeBars rule />
                            <p class="verdict" data-testid="perceptron-verdict">{move || rule.with(RuleState::verdict)}</p>
                        </div>
                    </div>
                </Show>
            </section>
        </Show>
    }
}

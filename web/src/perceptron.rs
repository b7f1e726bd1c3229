//! The perceptron: one neuron with two weights and a bias, drawn with its numbers, its
//! line over the data, and Rosenblatt's rule stepped point by point with the engine's
//! [`Perceptron`] — mistakes per pass plotted, and the page saying whether it converged.
//!
//! When the shown network is one neuron (no hidden layer, the inputs x₁ and x₂, a sigmoid
//! output) the figure is that neuron: its weights and bias are read from the engine each
//! time the page trains, and the rule's steps are written back into the network. Any other
//! network leaves the figure a unit of its own, which only the rule's buttons move.

use super::canvas::context;
use super::state::{AppState, Change, Redraw, Session};
use leptos::html::Canvas;
use leptos::prelude::*;
use neuroplay::data::{Feature, Point, Problem, DOMAIN};
use neuroplay::engine::layer::{Perceptron, PerceptronStep};
use neuroplay::engine::Output;
use neuroplay::explain::n;
use neuroplay::lessons::View;
use neuroplay::viz;

/// Canvas side in pixels (drawn at this size, shown as large as the panel allows).
const SIDE: f64 = 640.0;
/// Pixels of a 320-pixel figure, for the marks' sizes.
const K: f64 = SIDE / 320.0;
/// Passes without a mistake-free one after which the page calls it cycling.
const CYCLING_PASSES: usize = 30;

/// The shown network's only neuron, when the network is a perceptron: no hidden layer, the
/// inputs x₁ and x₂, one sigmoid output (class 1 where z ≥ 0, the perceptron's line). Its
/// weights and bias are the engine's own (a network without biases has b = 0).
fn network_neuron(s: &Session, features: &[Feature]) -> Option<Perceptron> {
    let net = s.trainer().network();
    let layers = net.layers();
    let one = layers.len() == 1 && layers[0].inputs == 2 && layers[0].outputs == 1;
    if !one || net.config().output != Output::Sigmoid || features != [Feature::X1, Feature::X2] {
        return None;
    }
    let weights = net.layer_weights(0).into_iter().next()?;
    let bias = net.layer_biases(0).first().copied().unwrap_or(0.0);
    Some(Perceptron { weights, bias })
}

/// Whether the shown network's neuron has a bias to move.
fn network_has_bias(s: &Session) -> bool {
    !s.trainer().network().layer_biases(0).is_empty()
}

/// Gives the shown network's neuron these weights and bias (after a step of the rule), and
/// tells the funnel: the diagram, the boundary and the figure follow.
fn write_neuron(st: AppState, p: &Perceptron) {
    st.session.update_value(|s| {
        let t = s.trainer_mut();
        let net = t.network_mut();
        let _ = net.set_layer_weights(0, std::slice::from_ref(&p.weights));
        if !net.layer_biases(0).is_empty() {
            let _ = net.set_layer_biases(0, &[p.bias]);
        }
        t.refresh_stats();
    });
    st.change(Change::Weights);
}

/// Where the rule stands.
#[derive(Clone, Debug, Default, PartialEq)]
struct RuleState {
    /// The figure's own unit, when the network is not a perceptron.
    own: Option<Perceptron>,
    /// The next point, in training order.
    next: usize,
    /// Mistakes in the pass under way.
    mistakes: usize,
    /// Mistakes of each completed pass.
    passes: Vec<usize>,
    /// The last step: which point, what the rule did, and the unit after it.
    last: Option<(usize, PerceptronStep, Perceptron)>,
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
    // Painted whole each time (translucent cells would pile up over the last picture).
    ctx.clear_rect(0.0, 0.0, SIDE, SIDE);
    // The two half-planes, faintly in their class's colour: the square cut along the line.
    let [positive, negative] = viz::split_square([p.weights[0], p.weights[1]], p.bias);
    for (half, col) in [(positive, viz::BLUE), (negative, viz::ORANGE)] {
        if half.is_empty() {
            continue;
        }
        ctx.set_fill_style_str(&format!("rgba({},{},{},0.18)", col[0], col[1], col[2]));
        ctx.begin_path();
        for &(x, y) in &half {
            let (a, b) = px(x, y);
            ctx.line_to(a, b);
        }
        ctx.close_path();
        ctx.fill();
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
        ctx.set_line_width(2.0 * K);
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
        let r = K * if Some(i) == highlight { 7.0 } else { 3.5 };
        let _ = ctx.arc(x, y, r, 0.0, std::f64::consts::TAU);
        ctx.fill();
        if Some(i) == highlight {
            ctx.set_stroke_style_str("#000");
            ctx.set_line_width(2.0 * K);
            ctx.stroke();
        }
    }
}

impl RuleState {
    /// The figure's own unit as it is (all zeros before the first step).
    fn own_unit(&self) -> Perceptron {
        self.own.clone().unwrap_or_else(|| Perceptron::new(2))
    }

    /// One step of Rosenblatt's rule on the next point, moving `unit` (its bias stays 0
    /// without `bias`).
    fn step(&mut self, unit: &mut Perceptron, bias: bool, pts: &[Point], lr: f32) {
        if pts.is_empty() {
            return;
        }
        let i = self.next % pts.len();
        let s = unit.step(&[pts[i].x1, pts[i].x2], pts[i].label.min(1.0), lr);
        if !bias {
            unit.bias = 0.0;
        }
        if s.error != 0.0 {
            self.mistakes += 1;
        }
        self.last = Some((i, s, unit.clone()));
        self.next = i + 1;
        if self.next == pts.len() {
            self.passes.push(self.mistakes);
            self.mistakes = 0;
            self.next = 0;
        }
    }

    /// Steps until the pass under way is complete.
    fn pass(&mut self, unit: &mut Perceptron, bias: bool, pts: &[Point], lr: f32) {
        let start = self.passes.len();
        for _ in 0..pts.len() {
            self.step(unit, bias, pts, lr);
            if self.passes.len() > start {
                break;
            }
        }
    }

    /// What the rule did at its last step, in a sentence.
    fn update_text(&self, pts: &[Point], lr: f32) -> Option<String> {
        let (i, s, after) = self.last.as_ref()?;
        let p = pts.get(*i).copied().unwrap_or(Point { x1: 0.0, x2: 0.0, label: 0.0 });
        let after = line_text(after);
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

/// The neuron itself: x₁, x₂ and the bias's constant 1 into the sum and its step, each link
/// labelled with its weight (the engine's number) and drawn blue when positive, orange when
/// negative, thicker the larger it is.
#[component]
fn NeuronFigure(unit: Signal<Perceptron>) -> impl IntoView {
    let link = move |k: usize, y: f64, name: &'static str, testid: &'static str| {
        let value = move || unit.with(|u| if k < 2 { u.weights[k] } else { u.bias });
        let colour = move || viz::css(if value() >= 0.0 { viz::BLUE } else { viz::ORANGE });
        let width = move || format!("{:.1}", 1.0 + value().abs().min(4.0) * 1.5);
        view! {
            <line x1="48" y1=y x2="214" y2="90" stroke=colour stroke-width=width></line>
            <text x="8" y=y + 5.0 class="neuron-input">{if k < 2 { ["x₁", "x₂"][k] } else { "1" }}</text>
            <text x="62" y=if k < 2 { y - 8.0 } else { y + 22.0 } class="neuron-weight" data-testid=testid>{move || format!("{name} = {}", n(value()))}</text>
        }
    };
    view! {
        <svg class="perceptron-neuron" viewBox="0 0 400 180" role="img" aria-label="The neuron with its weights and bias" data-testid="perceptron-neuron">
            {link(0, 30.0, "w₁", "perceptron-w1")}
            {link(1, 90.0, "w₂", "perceptron-w2")}
            {link(2, 150.0, "b", "perceptron-b")}
            <circle cx="240" cy="90" r="28" class="neuron-body"></circle>
            <text x="240" y="97" text-anchor="middle" class="neuron-sum">"Σ"</text>
            <line x1="268" y1="90" x2="330" y2="90" class="neuron-out"></line>
            <text x="336" y="97" class="neuron-input">"ŷ"</text>
            <text x="299" y="80" text-anchor="middle" class="neuron-weight">"z ≥ 0"</text>
        </svg>
    }
}

/// Mistakes per pass, the last 60 passes as bars, once a pass has been made.
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
    // Shown from the first pass on (before it, an empty chart took the panel's last room).
    view! {
        <Show when=move || rule.with(|r| !r.passes.is_empty())>
            <p class="hint">{move || rule.with(|r| format!("Mistakes per pass ({} passes so far):", r.passes.len()))}</p>
            <svg class="mistakes" width="300" height="60" viewBox="0 0 300 60" preserveAspectRatio="none" role="img" aria-label="Mistakes per pass" data-testid="perceptron-mistakes">
                {bars}
            </svg>
        </Show>
    }
}

/// The plot: the half-planes, the line and the points; hovering picks the point whose
/// forward pass the text shows.
#[component]
fn PerceptronPlot(unit: Signal<Perceptron>, rule: RwSignal<RuleState>, hover: RwSignal<Option<usize>>) -> impl IntoView {
    let st = AppState::get();
    let points = move || st.session.with_value(|s| s.train_points.clone());
    let canvas = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        let u = unit.get();
        let h = hover.get().or(rule.with(|r| r.last.as_ref().map(|l| l.0)));
        st.watch(Redraw::Points);
        if let Some(c) = canvas.get() {
            st.session.with_value(|s| draw(&c, &s.train_points, &u, h));
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
    // The shown network's neuron, read again whenever its weights or its shape changed
    // (training, a typed weight, a step of the rule, a reset).
    let neuron = Memo::new(move |_| {
        st.watch(Redraw::Network);
        st.watch(Redraw::Pictures);
        let features = st.settings.with(|s| s.features.clone());
        st.session.with_value(|s| network_neuron(s, &features))
    });
    let shows_network = Memo::new(move |_| neuron.with(Option::is_some));
    // What the figure shows: the network's neuron, or else its own unit.
    let unit = Signal::derive(move || neuron.get().unwrap_or_else(|| rule.with(RuleState::own_unit)));
    let binary = Memo::new(move |_| st.settings.with(|s| s.problem() == Problem::Binary));
    let points = move || st.session.with_value(|s| s.train_points.clone());
    let lr = move || st.settings.with_untracked(|s| s.lr);
    // Steps the rule (one point, or a pass) on the network's neuron, or on the figure's own.
    let run_rule = move |pass: bool| {
        let (pts, lr) = (points(), lr());
        let go = move |r: &mut RuleState, u: &mut Perceptron, bias: bool| {
            if pass {
                r.pass(u, bias, &pts, lr)
            } else {
                r.step(u, bias, &pts, lr)
            }
        };
        match neuron.get_untracked() {
            Some(mut u) => {
                let bias = st.session.with_value(network_has_bias);
                rule.update(|r| go(r, &mut u, bias));
                write_neuron(st, &u);
            }
            None => rule.update(|r| {
                let mut u = r.own_unit();
                go(r, &mut u, true);
                r.own = Some(u);
            }),
        }
    };
    // Rosenblatt starts from zero weights.
    let start_again = move |_| {
        rule.set(RuleState::default());
        if neuron.get_untracked().is_some() {
            write_neuron(st, &Perceptron::new(2));
        }
    };
    // What the neuron computes for the point under the pointer (or the last one stepped).
    let forward = move || {
        let i = hover.get().or(rule.with(|r| r.last.as_ref().map(|l| l.0)))?;
        let point = st.session.with_value(|s| s.train_points.get(i).copied())?;
        Some(forward_text(&unit.get(), point, i))
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
                        <PerceptronPlot unit rule hover />
                        <div class="perceptron-text">
                            <p class="perceptron-source" data-testid="perceptron-source">
                                {move || if shows_network.get() {
                                    "The network’s own neuron: play trains it by gradient descent, the buttons below step it by the perceptron rule."
                                } else {
                                    "This network is not a single neuron on x₁, x₂ with a sigmoid output (the lesson’s has no hidden layer), so the figure steps a perceptron of its own from 0."
                                }}
                            </p>
                            <NeuronFigure unit />
                            <p class="perceptron-line" data-testid="perceptron-line">
                                "Line: " {move || line_text(&unit.get())}
                            </p>
                            <p data-testid="perceptron-forward">{forward}</p>
                            <p data-testid="perceptron-update">{move || rule.with(|r| r.update_text(&points(), lr()))}</p>
                            <div class="walk-controls">
                                <button data-testid="perceptron-step" on:click=move |_| run_rule(false)>"Step: one point"</button>
                                <button data-testid="perceptron-pass" on:click=move |_| run_rule(true)>"One pass"</button>
                                <button class="small" data-testid="perceptron-restart" title="The rule's classic start: every weight and the bias 0" on:click=start_again>"Start again from 0"</button>
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

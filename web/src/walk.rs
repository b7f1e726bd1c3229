//! The backpropagation walk-through: one training point forward and backward through
//! the network, a step of the chain rule at a time, with the engine's numbers.

use super::state::AppState;
use leptos::prelude::*;
use neuroplay::explain::{n, neuron_name, Focus};
use neuroplay::lessons::View;

/// The panel: the current step's sentence, the numbers of the layer it looks at, and the
/// controls (previous, next, another point, take the step).
#[component]
pub fn WalkPanel() -> impl IntoView {
    let st = AppState::get();
    let open = Memo::new(move |_| st.view.with(|v| v.open.has(View::Walk)));
    let body = move || {
        st.walk.get().map(|w| {
            let total = w.steps.len();
            let step = w.steps[w.at].clone();
            let layers = w.walk.layers.len();
            let small = w.walk.layers.iter().all(|l| l.out.len() <= 4);
            // The numbers of the layer the step looks at, one row per neuron.
            let rows = match step.focus {
                Focus::Forward(l) | Focus::Delta(l) | Focus::Gradient(l) => Some(l),
                Focus::Loss => Some(layers - 1),
                Focus::Input | Focus::Update => None,
            }
            .map(|l| {
                let layer = &w.walk.layers[l];
                (0..layer.out.len())
                    .map(|j| {
                        view! {
                            <tr>
                                <th scope="row">{neuron_name(l, j, layers)}</th>
                                <td>{n(layer.net[j])}</td>
                                <td>{n(layer.out[j])}</td>
                                <td>{if matches!(step.focus, Focus::Forward(_) | Focus::Loss) { "—".to_string() } else { n(layer.delta[j]) }}</td>
                            </tr>
                        }
                    })
                    .collect_view()
            });
            view! {
                <p class="walk-progress" data-testid="walk-progress">
                    {if w.typed {
                        let (p, t) = (w.point, w.walk.target.iter().map(|t| n(*t)).collect::<Vec<_>>().join(", "));
                        format!("Step {} of {total} — your point ({}, {}) with target {t}", w.at + 1, n(p.x1), n(p.x2))
                    } else {
                        format!("Step {} of {total} — point {} of the training set", w.at + 1, w.index + 1)
                    }}
                </p>
                <p class="walk-text" data-testid="walk-text" aria-live="polite">{step.text}</p>
                {rows.map(|rows| view! {
                    <table class="walk-numbers">
                        <thead><tr><th>"neuron"</th><th>"net"</th><th>"out"</th><th>"δ"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                })}
                <p class="hint walk-legend" data-testid="walk-legend">
                    {"On the diagram: z is a neuron's net input, a its output, t the target, δ = ∂E/∂z; on the links, ∂E/∂w at a layer's gradients and the new weight at the update. "}
                    {if small { "" } else { "(With more than 4 neurons in a layer, hover or focus a neuron to read its numbers.)" }}
                </p>
                <div class="walk-controls">
                    <button data-testid="walk-prev" disabled=w.at == 0 on:click=move |_| st.walk_step(-1)>"← Previous"</button>
                    <button data-testid="walk-next" disabled=w.at + 1 == total on:click=move |_| st.walk_step(1)>"Next →"</button>
                    <button class="small" data-testid="walk-another" title="Walk the next training point" on:click=move |_| st.walk_point(w.index + 1)>"Another point"</button>
                    <button class="small" data-testid="walk-apply" title="Give the network these updated weights: one step of gradient descent on this point" on:click=move |_| st.apply_walk()>"Take this step"</button>
                </div>
            }
        })
    };
    view! {
        <Show when=move || open.get()>
            <section class="panel walk-panel" aria-label="Backpropagation, step by step">
                <h2>"Backpropagation, step by step"</h2>
                <p class="hint">"Click a training point on the plot to walk it; the arrow buttons (or ← →) go through the chain rule. Squared error is E = ½ Σ (t − o)²."</p>
                {body}
                <TypedWalk />
            </section>
        </Show>
    }
}

/// Reads a number a student typed (a decimal comma too).
fn typed_number(text: &str) -> f32 {
    text.trim().replace(',', ".").parse().unwrap_or(f32::NAN)
}

/// A point of one's own, the weights as a list, and the textbook example in one click.
#[component]
fn TypedWalk() -> impl IntoView {
    let st = AppState::get();
    let (x1, x2, target) = (RwSignal::new("0.05".to_string()), RwSignal::new("0.10".to_string()), RwSignal::new("0.1".to_string()));
    let weights = RwSignal::new(String::new());
    let walk = move |_| {
        let point = neuroplay::data::Point {
            x1: typed_number(&x1.get_untracked()),
            x2: typed_number(&x2.get_untracked()),
            label: typed_number(&target.get_untracked()),
        };
        st.walk_typed(point);
    };
    let field = |label: &'static str, testid: &'static str, value: RwSignal<String>| {
        view! {
            <label class="control walk-field">
                <span class="control-label">{label}</span>
                <input data-testid=testid inputmode="decimal" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
            </label>
        }
    };
    view! {
        <details class="walk-typed">
            <summary>"Your own point and weights, or the textbook example"</summary>
            <div class="io-row">
                {field("x₁", "walk-x1", x1)}
                {field("x₂", "walk-x2", x2)}
                {field("target (or class)", "walk-target", target)}
                <button class="small" data-testid="walk-typed" on:click=walk>"Walk this point"</button>
            </div>
            <div class="io-row">
                <label class="control walk-field wide">
                    <span class="control-label">"Weights: one list per layer, one row per neuron, one entry per input"</span>
                    <input
                        data-testid="walk-weights"
                        placeholder=super::state::TEXTBOOK_WEIGHTS
                        prop:value=move || weights.get()
                        on:input=move |ev| weights.set(event_target_value(&ev))
                    />
                </label>
                <button class="small" data-testid="walk-set-weights" on:click=move |_| st.load_weights("the weights you typed", &weights.get_untracked())>
                    "Set the weights"
                </button>
            </div>
        </details>
        <p class="walk-textbook">
            <button class="small" data-testid="walk-textbook" on:click=move |_| st.textbook_example(super::state::TEXTBOOK_WEIGHTS)>"Textbook example"</button>
            " the course's worked example: 2 inputs, 2 sigmoid hidden units and a sigmoid output, no biases, E = ½ (t − o)², η = 1, the weights "
            <code>{super::state::TEXTBOOK_WEIGHTS}</code>
            " and the input (0.05, 0.10) with target 0.1: every number to check by hand. "
            <button class="small" data-testid="walk-textbook-2" on:click=move |_| st.textbook_example(super::state::SECOND_WEIGHTS)>"A second example"</button>
            " with the weights "
            <code>{super::state::SECOND_WEIGHTS}</code>
            "."
        </p>
    }
}

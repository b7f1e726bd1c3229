//! The backpropagation walk-through: one training point forward and backward through
//! the network, a step of the chain rule at a time, with the engine's numbers.

use super::state::AppState;
use leptos::prelude::*;
use neuroplay::explain::{n, neuron_name, Focus};
use neuroplay::lessons::View;

/// The panel: the current step's sentence and the controls (previous, next, another point,
/// take the step), the two worked examples, and the numbers of the layer it looks at.
#[component]
pub fn WalkPanel() -> impl IntoView {
    let st = AppState::get();
    let open = Memo::new(move |_| st.view.with(|v| v.open.has(View::Walk)));
    // The step: where the walk is, its sentence and the buttons that move it.
    let head = move || {
        st.walk.get().map(|w| {
            let total = w.steps.len();
            let step = &w.steps[w.at];
            view! {
                <p class="walk-progress" data-testid="walk-progress">
                    {if w.typed {
                        let (p, t) = (w.point, w.walk.target.iter().map(|t| n(*t)).collect::<Vec<_>>().join(", "));
                        format!("Step {} of {total} — your point ({}, {}) with target {t}", w.at + 1, n(p.x1), n(p.x2))
                    } else {
                        format!("Step {} of {total} — point {} of the training set", w.at + 1, w.index + 1)
                    }}
                </p>
                <p class="walk-text" data-testid="walk-text" aria-live="polite">{sentence(&step.text)}</p>
                <div class="walk-controls">
                    <button data-testid="walk-prev" disabled=w.at == 0 on:click=move |_| st.walk_step(-1)>"← Previous"</button>
                    <button data-testid="walk-next" disabled=w.at + 1 == total on:click=move |_| st.walk_step(1)>"Next →"</button>
                    <button class="small" data-testid="walk-another" title="Walk the next training point" on:click=move |_| st.walk_point(w.index + 1)>"Another point"</button>
                    <button class="small" data-testid="walk-apply" title="Give the network these updated weights: one step of gradient descent on this point" on:click=move |_| st.apply_walk()>"Take this step"</button>
                </div>
            }
        })
    };
    // The numbers of the layer the step looks at, one row per neuron, and the legend.
    let numbers = move || {
        st.walk.get().map(|w| {
            let step = &w.steps[w.at];
            let layers = w.walk.layers.len();
            let small = w.walk.layers.iter().all(|l| l.out.len() <= 4);
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
            }
        })
    };
    view! {
        <Show when=move || open.get()>
            <section class="panel walk-panel" aria-label="Backpropagation, step by step">
                <h2>"Backpropagation, step by step"</h2>
                <p class="hint">"Click a training point on the plot to walk it; the arrow buttons (or ← →) go through the chain rule. Squared error is E = ½ Σ (t − o)²."</p>
                {head}
                <div class="walk-controls walk-examples">
                    <button class="small" data-testid="walk-textbook" title="The course's worked example, every number to check by hand" on:click=move |_| st.textbook_example(super::state::TEXTBOOK_WEIGHTS)>
                        "Textbook example"
                    </button>
                    <button class="small" data-testid="walk-textbook-2" title="The same network with other weights" on:click=move |_| st.textbook_example(super::state::SECOND_WEIGHTS)>
                        "A second example"
                    </button>
                </div>
                {numbers}
                <TypedWalk />
            </section>
        </Show>
    }
}

/// Relations that bind a name to its value in a step's sentence.
const RELATIONS: [&str; 5] = ["=", "←", "≈", "≥", "≤"];

/// A sentence cut into pieces a line may not break inside (`true`): a name, its relation
/// and its value (`x₁ = −3.938`, `out = σ(0.3775) = 0.5933`, `output 1 = 0.75`), and the
/// plain words between them. Joined with single spaces the pieces are the sentence again.
fn unbroken(text: &str) -> Vec<(String, bool)> {
    let mut groups: Vec<Vec<&str>> = Vec::new();
    let mut prev: Option<&str> = None;
    for w in text.split(' ') {
        let joins = prev.is_some_and(|p| {
            RELATIONS.contains(&p) || RELATIONS.contains(&w) || (p == "output" && w.starts_with(|c: char| c.is_ascii_digit()))
        });
        match groups.last_mut() {
            Some(g) if joins => g.push(w),
            _ => groups.push(vec![w]),
        }
        prev = Some(w);
    }
    let mut pieces = Vec::new();
    let mut plain = String::new();
    for (k, g) in groups.iter().enumerate() {
        if k > 0 {
            plain.push(' ');
        }
        if g.len() > 1 {
            if !plain.is_empty() {
                pieces.push((std::mem::take(&mut plain), false));
            }
            pieces.push((g.join(" "), true));
        } else {
            plain.push_str(g[0]);
        }
    }
    if !plain.is_empty() {
        pieces.push((plain, false));
    }
    pieces
}

/// A step's sentence with its numbers kept beside their names when the line wraps (the
/// text itself unchanged).
fn sentence(text: &str) -> impl IntoView {
    unbroken(text)
        .into_iter()
        .map(|(piece, whole)| if whole { view! { <span class="nobr">{piece}</span> }.into_any() } else { piece.into_any() })
        .collect_view()
}

/// Reads a number a student typed (a decimal comma too).
fn typed_number(text: &str) -> f32 {
    text.trim().replace(',', ".").parse().unwrap_or(f32::NAN)
}

/// A point of one's own, the weights as a list, and what the worked examples are (each
/// folded until asked for).
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
            <summary>"Your own point and weights"</summary>
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
        // Folded like the point of one's own: on a short projector the open paragraph ran
        // out of the panel.
        <details class="walk-textbook">
            <summary>"What the two examples are"</summary>
            <p>
                "The textbook example is the course's worked example: 2 inputs, 2 sigmoid hidden units and a sigmoid output, no biases, E = ½ (t − o)², η = 1, the weights "
                <code>{super::state::TEXTBOOK_WEIGHTS}</code>
                " and the input (0.05, 0.10) with target 0.1: every number to check by hand. The second example has the weights "
                <code>{super::state::SECOND_WEIGHTS}</code>
                "."
            </p>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::unbroken;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn names_stay_with_their_values() {
        let text = "The point goes in: x₁ = −3.938, x₂ = 0.1. Its target is t = 1; out = σ(0.3775) = 0.5933 and output 1 = 0.75.";
        let pieces = unbroken(text);
        let whole: Vec<&str> = pieces.iter().filter(|p| p.1).map(|p| p.0.as_str()).collect();
        assert_eq!(whole, ["x₁ = −3.938,", "x₂ = 0.1.", "t = 1;", "out = σ(0.3775) = 0.5933", "output 1 = 0.75."]);
        assert_eq!(pieces.iter().map(|p| p.0.as_str()).collect::<String>(), text);
    }
}

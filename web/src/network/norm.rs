//! Batch normalization on the diagram: a bar before each normalised hidden layer, one cell
//! per neuron, and a tooltip with its live γ and β.

use super::context::{watch_pictures, Diagram};
use crate::state::AppState;
use leptos::prelude::*;

/// The bars of the normalised layers.
#[component]
pub(super) fn BnBars() -> impl IntoView {
    let d = Diagram::get();
    move || {
        let g = d.geom.get();
        d.normed
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
                                on:mouseenter=move |_| d.bn_shown.set(Some((l, Some(j))))
                                on:mouseleave=move |_| d.bn_shown.set(None)
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
                        on:focus=move |_| d.bn_shown.set(Some((l, None)))
                        on:blur=move |_| d.bn_shown.set(None)
                    >
                        <span class="bn-text">"BN"</span>
                        {cells}
                    </div>
                }
            })
            .collect_view()
    }
}

/// The tooltip of the bar or cell under the pointer or focus: the layer's γ and β, or
/// one neuron's, as they train.
#[component]
pub(super) fn BnTip() -> impl IntoView {
    let st = AppState::get();
    let d = Diagram::get();
    move || {
        let (l, j) = d.bn_shown.get()?;
        watch_pictures(&st);
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
        let (x, y) = d.geom.with(|g| (g.x(l + 1) - 10.0, g.y(j.unwrap_or(0))));
        Some(view! {
            <div class="tooltip wrap" data-testid="bn-tooltip" style:left=format!("{x}px") style:top=format!("{y}px")>
                {text}
            </div>
        })
    }
}

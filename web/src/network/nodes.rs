//! The diagram's neurons as elements: the input features (buttons that turn a feature on
//! or off) and a frame over each hidden and output neuron's heatmap that takes the pointer
//! and the keyboard focus.

use super::context::Diagram;
use crate::canvas::put_rgba;
use crate::state::{AppState, GRID};
use leptos::html::Canvas;
use leptos::prelude::*;
use neuroplay::data::Feature;
use neuroplay::viz;

/// The features' column: every feature, the network's inputs lit.
#[component]
pub(super) fn FeatureColumn() -> impl IntoView {
    let d = Diagram::get();
    let (rows, compact) = d.shape.with_untracked(|sh| (sh.feature_rows(), sh.compact));
    rows.into_iter().map(|(row, f, active)| view! { <FeatureNode feature=f row=row active=active fixed=compact /> }).collect_view()
}

/// The hidden layers' neurons, then the outputs.
#[component]
pub(super) fn NeuronFrames() -> impl IntoView {
    let d = Diagram::get();
    let (layers, outputs) = d.shape.with_untracked(|sh| (sh.layers.clone(), sh.outputs));
    let neuron = |l: usize, j: usize, col: usize, output: bool| view! { <Neuron layer=l index=j col=col row=j output=output /> };
    let hidden: Vec<_> = layers.iter().enumerate().flat_map(|(l, &n)| (0..n).map(move |j| (l, j))).collect();
    let hidden = hidden.into_iter().map(|(l, j)| neuron(l, j, l + 1, false)).collect_view();
    let out_layer = layers.len();
    let outputs = (0..outputs).map(|j| neuron(out_layer, j, out_layer + 1, true)).collect_view();
    view! {
        {hidden}
        {outputs}
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
fn FeatureNode(
    feature: Feature,
    row: usize,
    active: bool,
    /// Shown but not switched here (presentation mode draws only the inputs in use: one
    /// switched off would vanish from the column).
    fixed: bool,
) -> impl IntoView {
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
            title=if fixed {
                format!("{}: an input in use (the inputs are switched outside presentation mode)", feature.label())
            } else {
                format!("{}: click to turn {}", feature.label(), if active { "off" } else { "on" })
            }
            on:click=move |_| {
                if !fixed {
                    st.toggle_feature(feature);
                }
            }
        >
            <canvas node_ref=canvas width=GRID.n height=GRID.n></canvas>
            <span class="feature-label">{feature.label()}</span>
        </button>
    }
}

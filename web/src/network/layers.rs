//! The layers' controls: above the diagram, adding and removing hidden layers and the one
//! activation for all; over each hidden layer's column, its neuron count with + and − and
//! its own activation.

use super::context::Diagram;
use crate::state::{AppState, UI_MAX_LAYERS, UI_MAX_NEURONS};
use leptos::prelude::*;
use neuroplay::engine::Activation;

/// The columns' titles: the features, each hidden layer's header, the output.
#[component]
pub(super) fn DiagramHead() -> impl IntoView {
    let d = Diagram::get();
    let (layers, cols) = d.shape.with_untracked(|sh| (sh.layers.len(), sh.cols()));
    let headers = (0..layers).map(|l| view! { <LayerHeader index=l col=l + 1 /> }).collect_view();
    view! {
        <div class="diagram-head">
            <div class="column-title" style="--c:0">"Features"</div>
            {headers}
            <div class="column-title last" style=format!("--c:{}", cols - 1)>"Output"</div>
        </div>
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
            <LayerActivation index=index act=act />
        </div>
    }
}

/// A hidden layer's own activation.
#[component]
fn LayerActivation(index: usize, act: Memo<Activation>) -> impl IntoView {
    let st = AppState::get();
    view! {
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
    }
}

/// The activations a hidden layer can use (the settings table's; the step function
/// cannot be trained).
pub const HIDDEN_ACTIVATIONS: &[Activation] = <Activation as neuroplay::config::Choice>::ALL;

/// Adds or removes hidden layers; sets every layer's activation at once.
#[component]
pub(super) fn LayerControls() -> impl IntoView {
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

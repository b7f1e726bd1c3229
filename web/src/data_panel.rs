//! The data column: dataset thumbnails, noise, training share, batch size, regenerate.

use super::canvas::put_rgba;
use super::controls::SettingSelect;
use super::state::AppState;
use leptos::html::Canvas;
use leptos::prelude::*;
use neuroplay::data::{self, DatasetKind};
use neuroplay::engine::Rng;
use neuroplay::viz;

const THUMB: usize = 64;

/// A human name for each dataset (the settings table's label).
pub fn dataset_title(d: DatasetKind) -> &'static str {
    neuroplay::config::Choice::label(d)
}

/// One dataset's preview; clicking picks it.
#[component]
fn DatasetThumb(dataset: DatasetKind) -> impl IntoView {
    let st = AppState::get();
    let canvas = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        if let Some(c) = canvas.get() {
            let classes = if dataset == DatasetKind::Spiral { 2 } else { dataset.default_classes() };
            let pts = data::generate(dataset, classes, 240, 0.0, &mut Rng::new(7));
            let k = if dataset.is_regression() { 0 } else { classes };
            put_rgba(&c, &viz::scatter_rgba(&pts, k, THUMB), THUMB as u32, THUMB as u32);
        }
    });
    let selected = move || st.settings.with(|s| s.dataset == dataset);
    view! {
        <button
            class="dataset"
            class:selected=selected
            data-testid=format!("dataset-{}", dataset.name())
            title=dataset_title(dataset)
            aria-label=format!("Dataset: {}", dataset_title(dataset))
            aria-pressed=move || selected().to_string()
            on:click=move |_| st.set_setting("dataset", dataset.name())
        >
            <canvas node_ref=canvas width=THUMB height=THUMB></canvas>
            // A name to read, not only to hover: on a phone nothing hovers.
            <span class="dataset-name">{dataset.name()}</span>
        </button>
    }
}

/// A labelled range slider bound to a numeric settings key.
#[component]
fn SettingSlider(
    /// The settings key.
    key: &'static str,
    /// The label.
    label: &'static str,
    /// Lowest value.
    min: f32,
    /// Highest value.
    max: f32,
    /// Step.
    step: f32,
    /// Suffix after the number shown (e.g. "%").
    #[prop(optional)]
    unit: &'static str,
) -> impl IntoView {
    let st = AppState::get();
    let current = Memo::new(move |_| st.settings.with(|s| s.get(key)).unwrap_or_default());
    let id = format!("ctl-{key}");
    let label_for = id.clone();
    view! {
        <label class="slider" for=label_for>
            <span class="control-label">{label} ": " <b>{move || current.get()} {unit}</b></span>
            <input
                id=id
                type="range"
                data-testid=key
                min=min
                max=max
                step=step
                prop:value=move || current.get()
                on:change=move |ev| st.set_setting(key, &event_target_value(&ev))
            />
        </label>
    }
}

/// The whole data column.
#[component]
pub fn DataPanel() -> impl IntoView {
    let st = AppState::get();
    let allows_classes = Memo::new(move |_| st.settings.with(|s| s.dataset.allows_classes()));
    view! {
        <section class="panel data-panel" aria-label="Data">
            <h2>"Data"</h2>
            <p class="hint">"Which dataset do you want to use?"</p>
            <div class="datasets">{DatasetKind::ALL.into_iter().map(|d| view! { <DatasetThumb dataset=d /> }).collect_view()}</div>
            <Show when=move || allows_classes.get()>
                <SettingSelect key="classes" label="Classes" options=(2..=6).map(|k| (k.to_string(), k.to_string())).collect() />
            </Show>
            <SettingSlider key="train" label="Training data" min=10.0 max=90.0 step=10.0 unit="%" />
            <SettingSlider key="noise" label="Noise" min=0.0 max=50.0 step=5.0 unit="%" />
            <SettingSlider key="batch" label="Batch size" min=1.0 max=50.0 step=1.0 />
            <button class="wide" data-testid="regenerate" title="New points from the next seed (g)" on:click=move |_| st.regenerate()>
                "Regenerate"
            </button>
        </section>
    }
}

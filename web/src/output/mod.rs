//! The output column: loss and accuracy figures, the decision boundary with the data on
//! top ([`boundary`]), and the loss chart ([`chart`]).

mod boundary;
mod chart;

pub use boundary::{draw_points, BoundaryPlot};
pub use chart::{clipped, label_settings, run_labels, LossChart};

use super::state::{AppState, Redraw};
use leptos::prelude::*;
use neuroplay::data::Problem;
use neuroplay::viz;

/// A loss as the page writes it: three decimals, tiny and huge ones in scientific
/// notation (4.8e29 stays as narrow as 0.693).
pub(crate) fn fmt_loss(x: f32) -> String {
    if !x.is_finite() {
        "—".into()
    } else if x != 0.0 && x.abs() < 0.001 {
        format!("{x:.2e}")
    } else if x.abs() >= 1e4 {
        format!("{x:.1e}")
    } else {
        format!("{x:.3}")
    }
}

/// A value on a chart's axis: two decimals, or scientific notation when far from 1.
pub(crate) fn fmt_axis(v: f32) -> String {
    if v != 0.0 && (v.abs() >= 1e4 || v.abs() < 1e-2) {
        format!("{v:.1e}")
    } else {
        format!("{v:.2}")
    }
}

/// Test and training loss, and accuracy when classifying.
#[component]
pub fn LossNumbers() -> impl IntoView {
    let st = AppState::get();
    let acc = |a: Option<f32>| a.map_or("—".to_string(), |a| format!("{:.1}%", a * 100.0));
    view! {
        <div class="figures" role="group" aria-label="Loss and accuracy">
            <div class="figure">
                <span class="control-label">"Test loss"</span>
                <span class="number test" data-testid="loss-test">{move || fmt_loss(st.stats.get().test_loss)}</span>
            </div>
            <div class="figure">
                <span class="control-label">"Training loss"</span>
                <span class="number train" data-testid="loss-train">{move || fmt_loss(st.stats.get().train_loss)}</span>
            </div>
            <Show when=move || st.stats.get().test_accuracy.is_some()>
                <div class="figure">
                    <span class="control-label">"Test accuracy"</span>
                    <span class="number" data-testid="accuracy-test">{move || acc(st.stats.get().test_accuracy)}</span>
                </div>
                <div class="figure">
                    <span class="control-label">"Training accuracy"</span>
                    <span class="number" data-testid="accuracy-train">{move || acc(st.stats.get().train_accuracy)}</span>
                </div>
            </Show>
        </div>
    }
}

/// How many points there are: a tap or a long press on the plot changes it.
#[component]
fn PointCount() -> impl IntoView {
    let st = AppState::get();
    let counts = move || {
        st.watch(Redraw::Points);
        st.session.with_value(|s| (s.train_points.len(), s.test_points.len()))
    };
    view! {
        <span class="point-count" data-testid="point-count">
            {move || {
                let (train, test) = counts();
                format!("{train} training · {test} test points")
            }}
        </span>
    }
}

/// What a click on the plot adds, and the view options.
#[component]
pub fn PlotOptions() -> impl IntoView {
    let st = AppState::get();
    let problem = Memo::new(move |_| st.settings.with(|s| s.problem()));
    // Imported classes go by the names their file gave them, shown beside their colours.
    let names = Memo::new(move |_| {
        st.settings.with(|s| {
            s.custom
                .as_ref()
                .filter(|_| s.dataset == neuroplay::data::DatasetKind::Custom)
                .map(|c| c.class_names.clone())
                .unwrap_or_default()
        })
    });
    let choices = move || match problem.get() {
        Problem::Regression => vec![(-1.0f32, "−1".to_string()), (0.0, "0".into()), (1.0, "+1".into())],
        p => (0..p.classes()).map(|k| (k as f32, names.with(|n| n.get(k).cloned()).unwrap_or_else(|| format!("class {k}")))).collect(),
    };
    view! {
        <div class="plot-options">
            <div class="paint" role="radiogroup" aria-label="Click on the plot adds">
                <span class="control-label">"Click adds:"</span>
                {move || {
                    let classes = problem.get().classes();
                    choices()
                        .into_iter()
                        .map(|(v, label)| {
                            let colour = viz::css(viz::point_colour(v, classes));
                            let name = label.clone();
                            view! {
                                <button
                                    class="swatch"
                                    role="radio"
                                    aria-checked=move || (st.paint_class.get() == v).to_string()
                                    class:selected=move || st.paint_class.get() == v
                                    style:background=colour
                                    title=label.clone()
                                    aria-label=label
                                    on:click=move |_| st.paint_class.set(v)
                                ></button>
                                <Show when=move || names.with(|n| !n.is_empty())>
                                    <span class="swatch-name" data-testid="class-name">{name.clone()}</span>
                                </Show>
                            }
                        })
                        .collect_view()
                }}
            </div>
            <label class="check">
                <input type="checkbox" data-testid="show-test" prop:checked=move || st.view.with(|v| v.show_test)
                    on:change=move |ev| st.set_view(|v| v.show_test = event_target_checked(&ev)) />
                "Show test data"
            </label>
            <label class="check">
                <input type="checkbox" data-testid="discretize" prop:checked=move || st.view.with(|v| v.discretize)
                    on:change=move |ev| st.set_view(|v| v.discretize = event_target_checked(&ev)) />
                "Discretize output"
            </label>
            <PointCount />
        </div>
    }
}

/// The output column: the figures, the decision boundary and what a click on it does.
#[component]
pub fn OutputPanel() -> impl IntoView {
    let st = AppState::get();
    let labels = run_labels(st);
    view! {
        <section class="panel output-panel" aria-label="Output">
            <LossNumbers />
            <p class="hint" data-testid="output-hint">{move || match st.hover.get() {
                Some((l, j)) => format!("Showing neuron {} of layer {} — move away to see the output.", j + 1, l + 1),
                None => labels.with(|labels| match labels.get(st.shown_run.get()) {
                    Some(label) => format!("Run {} of {} ({label}): its prediction and the data. Every run is side by side below.", st.shown_run.get() + 1, labels.len()),
                    None => "Colours show the network's prediction; points are the data.".into(),
                }),
            }}</p>
            <BoundaryPlot />
            <PlotOptions />
        </section>
    }
}

/// The loss chart's panel.
#[component]
pub fn LossPanel() -> impl IntoView {
    view! {
        <section class="panel loss-panel" aria-label="Loss over time">
            <LossChart />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::{fmt_axis, fmt_loss};
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn huge_and_tiny_numbers_stay_narrow() {
        assert_eq!(fmt_loss(4.8e29), "4.8e29");
        assert_eq!(fmt_loss(0.5312), "0.531");
        assert_eq!(fmt_loss(0.00012), "1.20e-4");
        assert_eq!(fmt_axis(3.0e38), "3.0e38");
        assert_eq!(fmt_axis(0.25), "0.25");
        assert!(fmt_loss(f32::MAX).len() <= 7);
    }
}

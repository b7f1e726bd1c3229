//! The row of toggles for the views of the mathematics and the experiments.

use super::state::{AppState, OpenViews};
use leptos::prelude::*;

/// One toggle.
#[component]
fn ViewToggle(
    /// The visible name.
    label: &'static str,
    /// The `data-testid`.
    testid: &'static str,
    /// Whether the view is open.
    on: Signal<bool>,
    /// What a click does.
    toggle: Callback<()>,
) -> impl IntoView {
    view! {
        <button class="small view-toggle" data-testid=testid aria-pressed=move || on.get().to_string() on:click=move |_| toggle.run(())>
            {label}
        </button>
    }
}

/// Perceptron, walk-through, activations, gradients, loss surface, learning-rate finder.
#[component]
pub fn ViewsBar() -> impl IntoView {
    let st = AppState::get();
    let flag = move |get: fn(&OpenViews) -> bool| Signal::derive(move || st.view.with(|v| get(&v.open)));
    let flip = move |set: fn(&mut OpenViews)| Callback::new(move |_| st.view.update(|v| set(&mut v.open)));
    view! {
        <div class="views-bar" role="toolbar" aria-label="Views">
            <span class="control-label">"Views"</span>
            <ViewToggle label="Walk-through" testid="walk" on=flag(|o| o.walk) toggle=Callback::new(move |_| st.toggle_walk()) />
            <ViewToggle label="Perceptron" testid="view-perceptron" on=flag(|o| o.perceptron) toggle=flip(|o| o.perceptron = !o.perceptron) />
            <ViewToggle label="Activations" testid="view-activations" on=flag(|o| o.activations) toggle=flip(|o| o.activations = !o.activations) />
            <ViewToggle label="Gradients" testid="view-grad-norms" on=flag(|o| o.grad_norms) toggle=flip(|o| o.grad_norms = !o.grad_norms) />
            <ViewToggle label="Loss surface" testid="view-loss-surface" on=flag(|o| o.loss_surface) toggle=flip(|o| o.loss_surface = !o.loss_surface) />
            <ViewToggle label="LR finder" testid="view-lr-finder" on=flag(|o| o.lr_finder) toggle=flip(|o| o.lr_finder = !o.lr_finder) />
        </div>
    }
}

/// Everything the course adds below the playground: the views bar and the open views,
/// and data in and out (the open lesson's caption stands above the playground).
#[component]
pub fn CourseViews() -> impl IntoView {
    use super::charts::{ActivationPlots, ConfusionTable, GradientHealth, LrFinder};
    use super::io::DataIo;
    use super::lessons::LessonGallery;
    use super::perceptron::PerceptronView;
    use super::walk::WalkPanel;
    view! {
        <div class="course">
            <super::compare::ComparePanel />
            <ViewsBar />
            <super::controls::CourseSettings />
            <WalkPanel />
            <PerceptronView />
            <ActivationPlots />
            <GradientHealth />
            <super::surface::LossSurface />
            <LrFinder />
            <div class="course-row">
                <section class="panel confusion-panel" aria-label="Confusion matrix">
                    <ConfusionTable />
                </section>
                <DataIo />
            </div>
            <LessonGallery />
        </div>
    }
}

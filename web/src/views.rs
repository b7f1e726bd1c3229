//! The row of toggles for the views of the mathematics and the experiments.

use super::state::AppState;
use leptos::prelude::*;
use neuroplay::lessons::View;

/// One view's toggle, named and labelled from the one list of views.
#[component]
fn ViewToggle(
    /// The view it opens and closes.
    view: View,
) -> impl IntoView {
    let st = AppState::get();
    let on = move || st.view.with(|v| v.open.has(view));
    view! {
        <button class="small view-toggle" data-testid=view.toggle_id() aria-pressed=move || on().to_string()
            on:click=move |_| st.set_open(view, !st.is_open(view))>
            {view.label()}
        </button>
    }
}

/// A toggle for every view: walk-through, perceptron, activations, gradients, loss
/// surface, learning-rate finder.
#[component]
pub fn ViewsBar() -> impl IntoView {
    view! {
        <div class="views-bar" role="toolbar" aria-label="Views">
            <span class="control-label">"Views"</span>
            {View::ALL.iter().map(|v| view! { <ViewToggle view=*v /> }).collect_view()}
        </div>
    }
}

/// The component that draws a view (one arm per row of the `views!` list; the compiler
/// refuses a view without one).
pub fn panel(view: View) -> AnyView {
    match view {
        View::Walk => super::walk::WalkPanel().into_any(),
        View::Perceptron => super::perceptron::PerceptronView().into_any(),
        View::Activations => super::charts::ActivationPlots().into_any(),
        View::GradNorms => super::charts::GradientHealth().into_any(),
        View::LossSurface => super::surface::LossSurface().into_any(),
        View::LrFinder => super::charts::LrFinder().into_any(),
    }
}

/// Everything the course adds below the playground: the views bar and the open views,
/// and data in and out (the open lesson's caption stands above the playground).
#[component]
pub fn CourseViews() -> impl IntoView {
    let st = AppState::get();
    use super::charts::ConfusionTable;
    use super::io::DataIo;
    use super::lessons::LessonGallery;
    view! {
        <div class="course">
            <super::compare::ComparePanel />
            <ViewsBar />
            <super::controls::CourseSettings />
            {View::ALL.iter().map(|v| panel(*v)).collect_view()}
            <div class="course-row">
                // Regression has no classes to confuse: no empty box.
                <Show when=move || st.settings.with(|s| s.problem() != neuroplay::data::Problem::Regression)>
                    <section class="panel confusion-panel" aria-label="Confusion matrix" data-testid="confusion-panel">
                        <ConfusionTable />
                    </section>
                </Show>
                <DataIo />
            </div>
            <LessonGallery />
        </div>
    }
}

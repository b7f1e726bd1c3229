//! The backpropagation walk-through on the diagram: the step's stretch highlighted, and its
//! numbers beside the neurons and on the links (small networks), or in the tooltip of the
//! neuron under the pointer or focus (bigger ones).

use super::context::Diagram;
use super::geom::{focus_band, place_labels};
use crate::state::AppState;
use leptos::prelude::*;
use neuroplay::explain::{self, Focus, Label, Place};

/// Up to this many neurons in every layer, the walk-through's numbers stand on the
/// diagram; beyond, a neuron shows its own on hover or focus.
const SMALL_LAYER: usize = 4;

/// The step's focus, its numbers on the diagram, and whether they stand on it (every layer
/// is small).
pub(super) type WalkLabels = (Focus, Vec<Label>, bool);

/// The open walk-through's numbers for its current step, kept up to date.
pub(super) fn walk_labels(st: AppState) -> Memo<Option<WalkLabels>> {
    Memo::new(move |_| {
        st.walk.with(|w| {
            let w = w.as_ref()?;
            let focus = w.steps.get(w.at)?.focus;
            let labels = st.session.with_value(|s| explain::diagram_numbers(&w.walk, s.trainer().network().layers(), focus));
            let small = w.walk.layers.iter().all(|l| l.out.len() <= SMALL_LAYER);
            Some((focus, labels, small))
        })
    })
}

/// The `data-testid` of a walk-through label.
fn label_testid(place: Place) -> String {
    match place {
        Place::Input(i) => format!("walk-num-in-{i}"),
        Place::Neuron(l, j) => format!("walk-num-{l}-{j}"),
        Place::Link(l, i, j) => format!("walk-num-link-{l}-{i}-{j}"),
    }
}

/// The step's name for the diagram's highlight (`data-focus`).
fn focus_name(focus: Focus) -> String {
    match focus {
        Focus::Input => "input".into(),
        Focus::Forward(l) => format!("forward-{l}"),
        Focus::Loss => "loss".into(),
        Focus::Delta(l) => format!("delta-{l}"),
        Focus::Gradient(l) => format!("gradient-{l}"),
        Focus::Update => "update".into(),
    }
}

/// The step's highlighted stretch, and its numbers on a small network.
#[component]
pub(super) fn WalkMarks() -> impl IntoView {
    let d = Diagram::get();
    move || {
        let (focus, labels, small) = d.walk_labels.get()?;
        let g = d.geom.get();
        let (left, width) = focus_band(focus, &g);
        let band = view! {
            <div
                class="walk-focus"
                data-testid="walk-focus"
                data-focus=focus_name(focus)
                aria-hidden="true"
                style:left=format!("{left}px")
                style:width=format!("{width}px")
            ></div>
        };
        let numbers = small.then(|| {
            let rects = d.shape.with(|sh| place_labels(&labels, &g, sh));
            labels
                .iter()
                .zip(rects)
                .map(|(label, (x, y, _, _))| {
                    view! {
                        <div
                            class="walk-num"
                            class:on-link=matches!(label.place, Place::Link(..))
                            data-testid=label_testid(label.place)
                            style:left=format!("{x}px")
                            style:top=format!("{y}px")
                        >
                            {label.lines.join("\n")}
                        </div>
                    }
                })
                .collect_view()
        });
        Some(view! {
            {band}
            <div class="walk-nums" role="group" aria-label="The walk-through's numbers">{numbers}</div>
        })
    }
}

/// On a bigger network, the step's numbers of the neuron under the pointer or focus.
#[component]
pub(super) fn WalkTip() -> impl IntoView {
    let st = AppState::get();
    let d = Diagram::get();
    move || {
        let (_, labels, small) = d.walk_labels.get()?;
        let (l, j) = st.hover.get().filter(|_| !small)?;
        let label = labels.iter().find(|x| x.place == Place::Neuron(l, j))?;
        let (x, y) = d.geom.with(|g| (g.x(l + 1) + g.node / 2.0, g.y(j)));
        let name = d.shape.with_untracked(|sh| sh.neuron_name(l, j));
        Some(view! {
            <div class="tooltip" data-testid="walk-tip" role="status" style:left=format!("{x}px") style:top=format!("{y}px")>
                {format!("{name}: {}", label.lines.join(", "))}
            </div>
        })
    }
}

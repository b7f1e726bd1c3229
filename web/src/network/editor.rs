//! A weight's or bias's tooltip (its value, and the walk-through's number for it) while
//! the pointer or the keyboard is on it, and the edit box that takes a typed value.

use super::context::{value_of, Diagram};
use super::shape::Param;
use crate::state::AppState;
use leptos::html::Input;
use leptos::prelude::*;
use neuroplay::explain::{self, Focus, Place};

/// What the walk-through's step says about a weight or bias, for its tooltip.
fn walk_note(st: &AppState, p: Param) -> Option<String> {
    st.walk.with(|w| {
        let w = w.as_ref()?;
        let focus = w.steps.get(w.at)?.focus;
        st.session.with_value(|s| {
            let layers = s.trainer().network().layers();
            match p {
                Param::Bias(b) => explain::bias_number(&w.walk, layers, focus, b.layer, b.neuron),
                Param::Link(l) => {
                    let labels = explain::diagram_numbers(&w.walk, layers, focus);
                    let label = labels.iter().find(|x| x.place == Place::Link(l.layer, l.from, l.to))?;
                    let what = if focus == Focus::Update { "after the update" } else { "∂E/∂w =" };
                    Some(format!("{what} {}", label.lines.join(" ")))
                }
            }
        })
    })
}

/// The tooltip of the weight or bias shown (none while one is edited).
#[component]
pub(super) fn ParamTooltip() -> impl IntoView {
    let st = AppState::get();
    let d = Diagram::get();
    move || {
        let pos = d.shown.get().filter(|_| d.editing.get().is_none())?;
        let (x, y) = d.place(pos)?;
        let p = d.param_of(pos)?;
        let v = value_of(&st, p);
        let note = walk_note(&st, p).map_or(String::new(), |n| format!("; walk-through: {n}"));
        let (testid, text) = match p {
            Param::Link(_) => ("link-tooltip", format!("weight {v:.3} — click or press Enter to type a new one{note}")),
            Param::Bias(b) => (
                "bias-tooltip",
                format!(
                    "bias of {} = {v:.3} — click or press Enter to type a new one{note}",
                    d.shape.with_untracked(|sh| sh.neuron_name(b.layer, b.neuron))
                ),
            ),
        };
        Some(view! {
            <div class="tooltip" data-testid=testid style:left=format!("{x}px") style:top=format!("{y}px")>
                {text}
            </div>
        })
    }
}

/// Sets the weight or bias being edited to the typed value, and closes the edit box.
fn commit(st: &AppState, d: &Diagram, text: String) {
    if let Some(pos) = d.editing.get_untracked() {
        d.editing.set(None);
        match d.param_of(pos) {
            Some(Param::Link(l)) => st.set_weight(l.layer, l.from, l.to, &text),
            Some(Param::Bias(b)) => st.set_bias(b.layer, b.neuron, &text),
            None => {}
        }
    }
}

/// The edit box over the weight or bias being edited: Enter sets it, Escape leaves it,
/// and leaving the box sets it too; the focus then returns to its keyboard stop.
#[component]
pub(super) fn ParamEditor() -> impl IntoView {
    let st = AppState::get();
    let d = Diagram::get();
    let input = NodeRef::<Input>::new();
    Effect::new(move |_| {
        if d.editing.get().is_some() {
            if let Some(i) = input.get() {
                let _ = i.focus();
                i.select();
            }
        }
    });
    move || {
        let pos = d.editing.get()?;
        let (x, y) = d.place(pos)?;
        let p = d.param_of(pos)?;
        let v = value_of(&st, p);
        let label = if matches!(p, Param::Bias(_)) { "New bias" } else { "New weight" };
        Some(view! {
            <input
                class="weight-edit"
                data-testid="weight-edit"
                aria-label=label
                node_ref=input
                style:left=format!("{}px", x - 40.0)
                style:top=format!("{}px", y - 12.0)
                value=format!("{v:.3}")
                on:keydown=move |ev| match ev.key().as_str() {
                    "Enter" => {
                        commit(&st, &d, event_target_value(&ev));
                        d.focus_stop(pos);
                    }
                    "Escape" => {
                        d.editing.set(None);
                        d.focus_stop(pos);
                    }
                    _ => {}
                }
                on:blur=move |ev| {
                    if d.editing.get_untracked().is_some() {
                        commit(&st, &d, event_target_value(&ev))
                    }
                }
            />
        })
    }
}

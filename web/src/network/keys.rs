//! The weights' and biases' keyboard stops: one element each, laid out of sight, that a
//! screen reader names; Tab lands on one of them and the arrow keys walk the rest (a
//! roving focus); Enter or a click opens its edit box.

use super::context::Diagram;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A stop's position among the stops, from an event on it.
fn pos_of(ev: &web_sys::Event) -> Option<usize> {
    let el = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    el.get_attribute("data-pos")?.parse().ok()
}

/// Enter or space edits the stop; the arrows move to the next or the one before.
fn on_keydown(d: Diagram, ev: leptos::ev::KeyboardEvent) {
    let Some(pos) = pos_of(&ev) else { return };
    let next = match ev.key().as_str() {
        "Enter" | " " => {
            ev.prevent_default();
            ev.stop_propagation();
            d.editing.set(Some(pos));
            return;
        }
        "ArrowDown" | "ArrowRight" => pos + 1,
        "ArrowUp" | "ArrowLeft" => pos.wrapping_sub(1),
        _ => return,
    };
    // The arrows walk the weights here; they must not also step the training.
    ev.prevent_default();
    ev.stop_propagation();
    if d.param_of(next).is_some() {
        d.focus_stop(next);
    }
}

/// Every weight's and bias's stop (built once per shape; only the one Tab lands on has
/// `tabindex` 0).
#[component]
pub(super) fn KeyStops() -> impl IntoView {
    let d = Diagram::get();
    let stops = d.shape.with_untracked(|sh| {
        d.links.with_untracked(|links| {
            d.biases.with_untracked(|biases| {
                if d.current.get_value() >= links.len() + biases.len() {
                    d.current.set_value(0);
                }
                let tab = d.current.get_value();
                let tabindex = move |pos: usize| if pos == tab { "0" } else { "-1" };
                // One keyboard stop: the weights first, then the biases.
                let stop = move |pos: usize, testid: String, label: String| {
                    view! { <span role="button" tabindex=tabindex(pos) data-pos=pos data-testid=testid aria-label=label></span> }
                };
                let weights = links.iter().enumerate().map(|(pos, link)| stop(pos, link.testid(), sh.describe(link))).collect_view();
                let bias_stops =
                    biases.iter().enumerate().map(|(k, b)| stop(links.len() + k, b.testid(), sh.describe_bias(b))).collect_view();
                (weights, bias_stops)
            })
        })
    });
    view! {
        <div
            class="link-keys"
            node_ref=d.keys
            role="group"
            aria-label="Weights and biases"
            on:focusin=move |ev| {
                if let Some(pos) = pos_of(&ev) {
                    if pos != d.current.get_value() {
                        d.focus_stop(pos);
                    }
                    d.shown.set(Some(pos));
                }
            }
            on:focusout=move |_| d.shown.set(None)
            on:keydown=move |ev| on_keydown(d, ev)
            on:click=move |ev| {
                if let Some(pos) = pos_of(&ev) {
                    d.editing.set(Some(pos))
                }
            }
        >
            {stops}
        </div>
    }
}

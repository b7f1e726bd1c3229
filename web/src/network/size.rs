//! The room the diagram has: measured from its scroll area, kept up to date as the area
//! or the window changes.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The size the diagram may take: the scroll area's width, and its height (on the stacked
/// layout of narrow screens, where the page scrolls, a share of the window's height); and
/// whether it is for fingers (a narrow screen or a coarse pointer).
fn measure(area: &web_sys::HtmlDivElement) -> (f32, f32, bool) {
    let narrow = window().inner_width().ok().and_then(|w| w.as_f64()).unwrap_or(1280.0) < 1000.0;
    let coarse = window().match_media("(pointer: coarse)").ok().flatten().is_some_and(|m| m.matches());
    let head = area.query_selector(".diagram-head").ok().flatten().map_or(0, |h| h.client_height());
    let w = area.client_width() as f32;
    let h = if narrow {
        window().inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(800.0) as f32 * 0.6
    } else {
        (area.client_height() - head) as f32
    };
    (w, h, narrow || coarse)
}

/// Keeps `size` equal to the scroll area's measure while the area or the window changes.
pub(super) fn observe_size(area: NodeRef<Div>, size: RwSignal<(f32, f32, bool)>) {
    let update = move || {
        if let Some(a) = area.get_untracked() {
            let m = measure(&a);
            if m.0 > 0.0 && size.get_untracked() != m {
                size.set(m);
            }
        }
    };
    let callback = Closure::<dyn FnMut()>::new(update);
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok();
    // Held by the component's owner (and dropped with it); the handle is what moves.
    let held = StoredValue::new_local((observer, callback));
    let observed = StoredValue::new(false);
    Effect::new(move |_| {
        if let (Some(a), false) = (area.get(), observed.get_value()) {
            held.with_value(|(o, _)| o.as_ref().map(|o| o.observe(&a)));
            observed.set_value(true);
            update();
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| update());
    on_cleanup(move || {
        resize.remove();
        held.try_with_value(|(o, _)| o.as_ref().map(|o| o.disconnect()));
    });
}

//! Sizes read from the page's layout, kept current: measured when an element's box or the
//! window changes size, never inside a frame's drawing (reading a size there forces a
//! layout).

use leptos::prelude::*;
use leptos::tachys::html::element::ElementType;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// A signal holding `measure` of `node`'s element: measured once the element is there, then
/// whenever its box or the window changes size; set only when the measure changes. The
/// observer is held by the calling component's owner and let go with it.
pub fn watched<E, T>(node: NodeRef<E>, initial: T, measure: impl Fn(&E::Output) -> T + 'static) -> RwSignal<T>
where
    E: ElementType + 'static,
    E::Output: JsCast + Clone + 'static,
    T: PartialEq + Send + Sync + 'static,
{
    let value = RwSignal::new(initial);
    let measure = std::rc::Rc::new(measure);
    let update = {
        let measure = measure.clone();
        move || {
            if let Some(el) = node.get_untracked() {
                let m = measure(&el);
                if value.with_untracked(|v| *v != m) {
                    value.set(m);
                }
            }
        }
    };
    let callback = Closure::<dyn FnMut()>::new(update.clone());
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok();
    let held = StoredValue::new_local((observer, callback));
    let update_now = update.clone();
    Effect::new(move |_| {
        let el = node.get();
        held.with_value(|(o, _)| {
            if let (Some(o), Some(el)) = (o, &el) {
                o.disconnect();
                o.observe(el.unchecked_ref());
            }
        });
        if el.is_some() {
            update_now();
        }
    });
    // The window too: its size, and the pixel ratio that changes with the page's zoom.
    let resize = window_event_listener(leptos::ev::resize, move |_| update());
    on_cleanup(move || {
        resize.remove();
        held.try_with_value(|(o, _)| o.as_ref().map(|o| o.disconnect()));
    });
    value
}

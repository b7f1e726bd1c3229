//! The room the diagram has: measured from its scroll area, kept up to date as the area
//! or the window changes.

use leptos::html::Div;
use leptos::prelude::*;

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

/// The room the diagram has before it is laid out (or while it is hidden).
const UNMEASURED: (f32, f32, bool) = (700.0, 450.0, false);

/// The scroll area's measure, kept current while the area or the window changes.
pub(super) fn room(area: NodeRef<Div>) -> RwSignal<(f32, f32, bool)> {
    crate::resize::watched(area, UNMEASURED, |a| Some(measure(a)).filter(|m| m.0 > 0.0).unwrap_or(UNMEASURED))
}

//! The keyboard shortcuts: one list of keys, what the help panel says of them and what they
//! do. The help panel and the key handler both read it.

use super::state::AppState;
use leptos::prelude::*;
use neuroplay::lessons::View;

/// One shortcut.
pub struct Shortcut {
    /// The `KeyboardEvent.key` values that press it.
    pub keys: &'static [&'static str],
    /// How the help panel writes the key.
    pub shown: &'static str,
    /// What it does, for the help panel.
    pub what: &'static str,
    /// Whether it applies now (else the key does what it usually does).
    pub when: fn(AppState) -> bool,
    /// Does it.
    pub run: fn(AppState),
}

/// Every shortcut, in the order the help panel lists them.
#[rustfmt::skip]
pub const SHORTCUTS: &[Shortcut] = &[
    Shortcut { keys: &[" "], shown: "Space", what: "play / pause", when: always, run: |st| st.toggle_play() },
    Shortcut { keys: &["ArrowRight"], shown: "→", what: "train one epoch (in the walk-through: the next step)", when: always, run: next },
    Shortcut { keys: &["ArrowLeft"], shown: "←", what: "the walk-through's previous step", when: walking, run: |st| st.walk_step(-1) },
    Shortcut { keys: &["n", "N"], shown: "n", what: "next lesson", when: always, run: |st| st.next_lesson(1) },
    Shortcut { keys: &["P"], shown: "Shift+P", what: "previous lesson", when: in_lesson, run: |st| st.next_lesson(-1) },
    Shortcut { keys: &["PageDown"], shown: "PageDown", what: "next lesson, during a lesson (a presentation clicker's key)", when: in_lesson, run: |st| st.next_lesson(1) },
    Shortcut { keys: &["PageUp"], shown: "PageUp", what: "previous lesson, during a lesson", when: in_lesson, run: |st| st.next_lesson(-1) },
    Shortcut { keys: &["r"], shown: "r", what: "reset the network", when: always, run: |st| st.reset() },
    Shortcut { keys: &["g"], shown: "g", what: "new data (next seed)", when: always, run: |st| st.regenerate() },
    Shortcut { keys: &["t"], shown: "t", what: "show or hide test data", when: always, run: |st| st.set_view(|v| v.show_test = !v.show_test) },
    Shortcut { keys: &["k"], shown: "k", what: "discretize the output", when: always, run: |st| st.set_view(|v| v.discretize = !v.discretize) },
    Shortcut { keys: &["l"], shown: "l", what: "log-scale loss chart", when: always, run: |st| st.set_view(|v| v.log_scale = !v.log_scale) },
    Shortcut { keys: &["p"], shown: "p", what: "presentation mode", when: always, run: |st| st.set_view(|v| v.presentation = !v.presentation) },
    Shortcut { keys: &["d"], shown: "d", what: "dark theme", when: always, run: |st| st.set_view(|v| v.dark = !v.dark) },
    Shortcut { keys: &["?", "h"], shown: "?", what: "this help", when: always, run: |st| st.set_view(|v| v.help = !v.help) },
    Shortcut { keys: &["Escape"], shown: "Esc", what: "close this help", when: always, run: |st| st.set_view(|v| v.help = false) },
];

fn always(_: AppState) -> bool {
    true
}

/// During a lesson the page keys step through the lessons; otherwise they scroll.
fn in_lesson(st: AppState) -> bool {
    st.settings.with_untracked(|s| s.lesson.is_some())
}

fn walking(st: AppState) -> bool {
    st.is_open(View::Walk)
}

/// → walks the chain rule during the walk-through, else trains an epoch.
fn next(st: AppState) {
    if walking(st) {
        st.walk_step(1);
    } else {
        st.step();
    }
}

/// Whether the focused element needs the key itself: every key while typing in a text
/// field, the arrows and page keys in a drop-down or a slider. Any other control lets the
/// shortcuts through, so they work after a control has been used.
fn keeps_key(el: &web_sys::Element, key: &str) -> bool {
    let kind = el.get_attribute("type").unwrap_or_default().to_ascii_lowercase();
    let typing = match el.tag_name().as_str() {
        "TEXTAREA" => true,
        "INPUT" => !matches!(kind.as_str(), "checkbox" | "radio" | "button" | "submit" | "reset" | "file" | "range" | "color"),
        _ => el.get_attribute("contenteditable").is_some_and(|v| v != "false"),
    };
    let choosing = el.tag_name() == "SELECT" || kind == "range";
    typing || (choosing && (key.starts_with("Arrow") || key.starts_with("Page") || key == "Home" || key == "End"))
}

/// The page's key handler: a shortcut's key runs it, unless a modifier is held or the key
/// is typed into a field.
pub fn on_key(st: AppState, ev: web_sys::KeyboardEvent) {
    if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
        return;
    }
    let key = ev.key();
    if let Some(el) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok()) {
        if keeps_key(&el, &key) {
            return;
        }
    }
    if let Some(s) = SHORTCUTS.iter().find(|s| s.keys.contains(&key.as_str()) && (s.when)(st)) {
        (s.run)(st);
        ev.prevent_default();
    }
}

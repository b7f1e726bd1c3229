//! The playground page (Leptos, client-side). One component per thing on screen; all state
//! lives in [`state::AppState`], shared through context; [`frame`] runs the animation loop.

pub mod canvas;
pub mod charts;
pub mod compare;
pub mod controls;
pub mod data_panel;
pub mod frame;
pub mod guard;
pub mod io;
pub mod lessons;
pub mod network;
pub mod output;
pub mod perceptron;
pub mod state;
pub mod surface;
pub mod views;
pub mod walk;

use controls::{EpochCounter, MoreControls, OptimizerControls, PlayControls, SpeedControl};
use data_panel::DataPanel;
use leptos::prelude::*;
use network::NetworkDiagram;
use output::{LossPanel, OutputPanel};
use state::{settings_from_hash, AppState};

/// Installs the panic hook and mounts the page on `<body>`.
pub fn start() {
    guard::install();
    leptos::mount::mount_to_body(App);
}

/// The notice area: divergence, rejected input, a link that did not fully load.
#[component]
fn NoticeBar() -> impl IntoView {
    let st = AppState::get();
    view! {
        <div class="notice-area" role="status" aria-live="polite">
            {move || {
                st.notice
                    .get()
                    .map(|n| {
                        view! {
                            <div class="notice" data-testid="notice">
                                <span>{n.text.clone()}</span>
                                <Show when=move || n.offer_reset>
                                    <button data-testid="notice-reset" on:click=move |_| st.reset()>"Reset"</button>
                                </Show>
                                <button class="small" aria-label="Dismiss" title="Dismiss" on:click=move |_| st.notice.set(None)>"×"</button>
                            </div>
                        }
                    })
            }}
        </div>
    }
}

/// Keyboard shortcuts, in the order the help panel lists them.
pub const SHORTCUTS: [(&str, &str); 10] = [
    ("Space", "play / pause"),
    ("→", "train one epoch"),
    ("r", "reset the network"),
    ("g", "new data (next seed)"),
    ("t", "show or hide test data"),
    ("k", "discretize the output"),
    ("l", "log-scale loss chart"),
    ("p", "presentation mode"),
    ("d", "dark theme"),
    ("?", "this help"),
];

/// The help panel: shortcuts and how to use the page.
#[component]
fn HelpPanel() -> impl IntoView {
    let st = AppState::get();
    view! {
        <Show when=move || st.view.with(|v| v.help)>
            <div class="help-backdrop" on:click=move |_| st.view.update(|v| v.help = false)>
                <div class="help" role="dialog" aria-label="Help" data-testid="help" on:click=|ev| ev.stop_propagation()>
                    <h2>"Neuroplay — how to use it"</h2>
                    <p>"Pick a dataset, shape the network (features, layers, neurons, activations), press play and watch every neuron learn. Hover a neuron to see it large; hover a link to read its weight, click it to type one. Click (or tap) the plot to add a point, shift-click (or hold a finger on it) to remove one. The address bar always holds the whole setup: copy it to share the run."</p>
                    <table>
                        <tbody>
                            {SHORTCUTS
                                .iter()
                                .map(|(k, what)| view! { <tr><td><kbd>{*k}</kbd></td><td>{*what}</td></tr> })
                                .collect_view()}
                        </tbody>
                    </table>
                    <button on:click=move |_| st.view.update(|v| v.help = false)>"Close"</button>
                </div>
            </div>
        </Show>
    }
}

/// Theme, presentation mode, help and the share link.
#[component]
fn ViewToggles() -> impl IntoView {
    let st = AppState::get();
    let copied = RwSignal::new(false);
    let share = move |_| {
        let url = window().location().href().unwrap_or_default();
        let _ = window().navigator().clipboard().write_text(&url);
        copied.set(true);
        st.say("The link to this exact setup is in your clipboard (it is also in the address bar).");
    };
    view! {
        <div class="view-toggles">
            <button class="small" data-testid="share" title="Copy a link to this setup" on:click=share>
                {move || if copied.get() { "Link copied" } else { "Share" }}
            </button>
            <button class="small" data-testid="presentation" aria-pressed=move || st.view.with(|v| v.presentation).to_string()
                title="Presentation mode: larger type, fewer controls (p)" on:click=move |_| st.view.update(|v| v.presentation = !v.presentation)>
                "Present"
            </button>
            <button class="small" data-testid="theme" aria-pressed=move || st.view.with(|v| v.dark).to_string()
                title="Dark theme (d)" on:click=move |_| st.view.update(|v| v.dark = !v.dark)>
                {move || if st.view.with(|v| v.dark) { "Light" } else { "Dark" }}
            </button>
            <lessons::LessonsButton />
            <button class="small" data-testid="help-button" title="Help and keyboard shortcuts (?)" aria-label="Help"
                on:click=move |_| st.view.update(|v| v.help = !v.help)>"?"</button>
        </div>
    }
}

fn on_key(st: AppState, ev: web_sys::KeyboardEvent) {
    if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
        return;
    }
    // Typing in a field is not a shortcut.
    if let Some(el) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok()) {
        if matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA") {
            return;
        }
    }
    let handled = match ev.key().as_str() {
        " " => {
            st.toggle_play();
            true
        }
        // During the walk-through the arrows walk the chain rule; otherwise → trains an epoch.
        "ArrowRight" if st.view.with_untracked(|v| v.open.walk) => {
            st.walk_step(1);
            true
        }
        "ArrowLeft" if st.view.with_untracked(|v| v.open.walk) => {
            st.walk_step(-1);
            true
        }
        "ArrowRight" => {
            st.step();
            true
        }
        "r" => {
            st.reset();
            true
        }
        "g" => {
            st.regenerate();
            true
        }
        "t" => {
            st.view.update(|v| v.show_test = !v.show_test);
            true
        }
        "k" => {
            st.view.update(|v| v.discretize = !v.discretize);
            true
        }
        "l" => {
            st.view.update(|v| v.log_scale = !v.log_scale);
            true
        }
        "p" => {
            st.view.update(|v| v.presentation = !v.presentation);
            true
        }
        "d" => {
            st.view.update(|v| v.dark = !v.dark);
            true
        }
        "?" | "h" => {
            st.view.update(|v| v.help = !v.help);
            true
        }
        "Escape" => {
            st.view.update(|v| v.help = false);
            true
        }
        _ => false,
    };
    if handled {
        ev.prevent_default();
    }
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let (settings, notices) = settings_from_hash();
    let st = AppState::new(settings, notices);
    provide_context(st);
    state::write_hash(&st.settings.get_untracked());
    frame::start(st);
    let keys = window_event_listener(leptos::ev::keydown, move |ev| on_key(st, ev));
    // A link pasted into this tab's address bar: load it like a fresh page would.
    let hash = window_event_listener(leptos::ev::hashchange, move |_| {
        let (next, notices) = settings_from_hash();
        let current = st.settings.get_untracked();
        if next != current {
            st.running.set(false);
            st.apply(current, next);
            if !notices.is_empty() {
                st.say(notices.join(" "));
            }
        }
    });
    on_cleanup(move || {
        keys.remove();
        hash.remove();
    });
    // On narrow screens the second row of settings is folded away until asked for.
    let more = RwSignal::new(false);
    view! {
        <div
            class="app"
            class:dark=move || st.view.with(|v| v.dark)
            class:presentation=move || st.view.with(|v| v.presentation)
        >
            <header class="top">
                <div class="brand">
                    <h1>"Neuroplay"</h1>
                    <span class="tagline">"a neural network, learning live in your browser"</span>
                </div>
                <ViewToggles />
            </header>
            <nav class="train-bar" class:open=move || more.get() aria-label="Training controls">
                <div class="bar-row">
                    <PlayControls />
                    <EpochCounter />
                    <SpeedControl />
                    <OptimizerControls />
                    <button
                        class="small more-settings"
                        data-testid="more-settings"
                        aria-expanded=move || more.get().to_string()
                        on:click=move |_| more.update(|m| *m = !*m)
                    >
                        {move || if more.get() { "Fewer settings" } else { "More settings" }}
                    </button>
                </div>
                <div class="bar-row advanced">
                    <MoreControls />
                </div>
            </nav>
            <NoticeBar />
            <lessons::LessonCaption />
            <main class="columns">
                <DataPanel />
                <NetworkDiagram />
                <OutputPanel />
                <LossPanel />
            </main>
            <HelpPanel />
        </div>
        // The course below the playground: the playground keeps the whole first screen,
        // and the page scrolls on to the views.
        <div
            class="app course-page"
            class:dark=move || st.view.with(|v| v.dark)
            class:presentation=move || st.view.with(|v| v.presentation)
        >
            <views::CourseViews />
        </div>
    }
}

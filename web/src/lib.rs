//! The playground page (Leptos, client-side). One component per thing on screen; all state
//! lives in [`state::AppState`], shared through context; [`frame`] runs the animation loop.
//!
//! It exists only on wasm32: natively this library is empty.
#![cfg(target_arch = "wasm32")]

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
pub mod resize;
pub mod shortcuts;
pub mod stage;
pub mod state;
pub mod surface;
pub mod views;
pub mod walk;

use controls::{EpochCounter, MoreControls, OptimizerControls, PlayControls, SpeedControl, UntilControl};
use data_panel::DataPanel;
use leptos::prelude::*;
use network::NetworkDiagram;
use output::{LossPanel, OutputPanel};
use state::{settings_from_hash, AppState};

/// Installs the panic hook and mounts the page on `<body>`.
pub fn start() {
    guard::install();
    offline();
    leptos::mount::mount_to_body(App);
}

/// Registers the service worker that keeps the page working offline after the first
/// visit (where the browser has service workers; nothing happens elsewhere).
fn offline() {
    use wasm_bindgen::{JsCast, JsValue};
    let navigator: JsValue = window().navigator().into();
    let Ok(workers) = js_sys::Reflect::get(&navigator, &"serviceWorker".into()) else { return };
    let Ok(register) = js_sys::Reflect::get(&workers, &"register".into()) else { return };
    if let Some(register) = register.dyn_ref::<js_sys::Function>() {
        // A refusal (a page not from a secure origin) only means no offline copy.
        if let Ok(promise) = register.call1(&workers, &"sw.js".into()) {
            if let Ok(promise) = promise.dyn_into::<js_sys::Promise>() {
                let ignore = wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| {});
                let _ = promise.catch(&ignore);
                ignore.forget();
            }
        }
    }
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
                                <Show when=move || n.offer_lower_rate>
                                    <button data-testid="notice-lower-rate" on:click=move |_| st.lower_rate()>"Rate ÷ 10 and reset"</button>
                                </Show>
                                {n.offer_model.clone().map(|(name, bytes)| {
                                    view! {
                                        <button data-testid="notice-use-model" on:click=move |_| st.use_model(&name, &bytes)>
                                            "Use the model's settings"
                                        </button>
                                    }
                                })}
                                <Show when=move || n.offer_reset>
                                    <button data-testid="notice-reset" on:click=move |_| st.reset()>"Reset"</button>
                                </Show>
                                <button class="small" aria-label="Dismiss" title="Dismiss" on:click=move |_| st.dismiss()>"×"</button>
                            </div>
                        }
                    })
            }}
        </div>
    }
}

/// The help panel: shortcuts and how to use the page.
#[component]
fn HelpPanel() -> impl IntoView {
    let st = AppState::get();
    view! {
        <Show when=move || st.view.with(|v| v.help)>
            <div class="help-backdrop" on:click=move |_| st.set_view(|v| v.help = false)>
                <div class="help" role="dialog" aria-label="Help" data-testid="help" on:click=|ev| ev.stop_propagation()>
                    <h2>"Neuroplay — how to use it"</h2>
                    <p>"Pick a dataset, shape the network (features, layers, neurons, activations), press play and watch every neuron learn. Hover a neuron to see it large; hover a link to read its weight, click it to type one. Click (or tap) the plot to add a point, shift-click (or hold a finger on it) to remove one. The address bar always holds the whole setup: copy it to share the run."</p>
                    <table>
                        <tbody>
                            {shortcuts::SHORTCUTS
                                .iter()
                                .map(|s| view! { <tr><td><kbd>{s.shown}</kbd></td><td>{s.what}</td></tr> })
                                .collect_view()}
                        </tbody>
                    </table>
                    <button on:click=move |_| st.set_view(|v| v.help = false)>"Close"</button>
                </div>
            </div>
        </Show>
    }
}

/// The longest link Share copies (longer ones say so and save the data as a file).
const LONGEST_LINK: usize = 8000;

/// Theme, presentation mode, help and the share link.
#[component]
fn ViewToggles() -> impl IntoView {
    let st = AppState::get();
    let copied = RwSignal::new(None::<String>);
    let share = move |_| {
        let url = window().location().href().unwrap_or_default();
        let what = st.link_summary();
        if url.len() > LONGEST_LINK {
            // Too long for a link to travel well: the data goes as a file beside it.
            io::download_data(st);
            st.say(format!(
                "This link is {} characters long, too long to share well: it holds {what}. Your data was saved as a CSV file instead: send it along, and import it with the link's settings.",
                url.len()
            ));
        } else {
            let _ = window().navigator().clipboard().write_text(&url);
            st.say(format!("The link in your clipboard holds {what} (the address bar has it too)."));
        }
        copied.set(Some(what));
    };
    // The button says what a click would copy, for the state there is now.
    let title = move || {
        st.settings.track();
        st.view.track();
        st.walk.track();
        format!("Copy a link to this setup: {}", st.link_summary())
    };
    view! {
        <div class="view-toggles">
            <button class="small" data-testid="share" title=title on:click=share>
                {move || if copied.get().is_some() { "Link copied" } else { "Share" }}
            </button>
            <button class="small" data-testid="presentation" aria-pressed=move || st.view.with(|v| v.presentation).to_string()
                title="Presentation mode: larger type, fewer controls (p)" on:click=move |_| st.set_view(|v| v.presentation = !v.presentation)>
                "Present"
            </button>
            <button class="small" data-testid="theme" aria-pressed=move || st.view.with(|v| v.dark).to_string()
                title="Dark theme (d)" on:click=move |_| st.set_view(|v| v.dark = !v.dark)>
                {move || if st.view.with(|v| v.dark) { "Light" } else { "Dark" }}
            </button>
            <lessons::LessonsButton />
            <button class="small" data-testid="help-button" title="Help and keyboard shortcuts (?)" aria-label="Help"
                on:click=move |_| st.set_view(|v| v.help = !v.help)>"?"</button>
        </div>
    }
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let (settings, notices) = settings_from_hash();
    let st = AppState::new(settings, notices);
    provide_context(st);
    // The address bar always holds the whole state: the settings and what was done on the
    // page beside them.
    Effect::new(move |_| {
        st.settings.track();
        st.view.track();
        st.walk.track();
        state::write_hash(&st.link());
    });
    frame::start(st);
    st.start_if_asked();
    let keys = window_event_listener(leptos::ev::keydown, move |ev| shortcuts::on_key(st, ev));
    // A link pasted into this tab's address bar: load it like a fresh page would.
    let hash = window_event_listener(leptos::ev::hashchange, move |_| st.load_link());
    on_cleanup(move || {
        keys.remove();
        hash.remove();
    });
    // On narrow screens the second row of settings is folded away until asked for.
    let more = RwSignal::new(false);
    // What the first screen is about: a comparison, the walk-through, another view, or the
    // playground. Anything but the playground brings the course's panels onto the stage.
    let focus = Memo::new(move |_| stage::focus(st.view.with(|v| v.open), st.runs.with(|r| !r.is_empty())));
    let staged = Memo::new(move |_| focus.get().stage != stage::Stage::Play);
    let app_class = move || {
        let (dark, presentation) = st.view.with(|v| (v.dark, v.presentation));
        let f = focus.get();
        let classes = [
            ("dark", dark),
            ("presentation", presentation),
            ("embed", st.settings.with(|s| s.embed)),
            (f.stage.class(), true),
            ("stage-with-view", f.count > 0),
        ];
        classes.iter().filter(|(_, on)| *on).fold("app".to_string(), |all, (c, _)| all + " " + c)
    };
    view! {
        <div
            class=app_class
            style:--views=move || focus.get().count.max(1).to_string()
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
                    <UntilControl />
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
                {move || staged.get().then(|| view! { <div class="course-page on-stage"><views::CourseViews /></div> })}
            </main>
            <HelpPanel />
        </div>
        // The course below the playground: the playground keeps the whole first screen,
        // and the page scrolls on to the views.
        <div
            class="app course-page"
            class:dark=move || st.view.with(|v| v.dark)
            class:presentation=move || st.view.with(|v| v.presentation)
            class:embed=move || st.settings.with(|s| s.embed)
        >
            {move || (!staged.get()).then(|| view! { <views::CourseViews /> })}
        </div>
    }
}

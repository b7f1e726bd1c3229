//! The page. For now a shell that proves the engine runs in the browser: it trains the
//! default network for a few epochs and shows the figures.

use crate::config::Settings;
use leptos::prelude::*;

/// Installs the panic hook and mounts the page on `<body>`.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

/// Trains the default settings for `epochs` epochs; returns a line to show.
pub fn engine_check(epochs: usize) -> String {
    let settings = Settings::default();
    match settings.trainer() {
        Ok(mut trainer) => {
            let s = trainer.train_epochs(epochs);
            let acc = s.test_accuracy.map_or(String::new(), |a| format!(", test accuracy {:.0}%", a * 100.0));
            format!("Engine check: {} epochs on '{}', test loss {:.3}{acc}", s.epoch, settings.dataset.name(), s.test_loss)
        }
        Err(e) => format!("Engine check failed: {e}"),
    }
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let status = RwSignal::new(String::from("Training…"));
    // Run after the first paint so the shell shows at once.
    Effect::new(move |_| status.set(engine_check(100)));
    view! {
        <main class="shell">
            <h1>"Neuroplay"</h1>
            <p class="tagline">"A neural-network playground in your browser: datasets, layers, activations, optimizers — trained live."</p>
            <p class="status" data-testid="engine-status">{move || status.get()}</p>
        </main>
    }
}

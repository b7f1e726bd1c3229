//! When something goes wrong inside the page: a panic in WebAssembly stops the module for
//! good, so the page says so over everything, with a link that reloads it with the same
//! settings (the address keeps them). The overlay is plain DOM built before the module
//! stops, and the link needs no script, so it works afterwards (and under the page's
//! Content-Security-Policy). Also gives the soak benchmark the module's memory size.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Installs the panic hook (console message, then the overlay) and the test probes.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_overlay(&info.to_string());
    }));
    let window = web_sys::window();
    let Some(window) = window else { return };
    // The size of the module's memory, for the soak benchmark.
    let memory = Closure::<dyn Fn() -> f64>::new(|| {
        wasm_bindgen::memory()
            .dyn_into::<js_sys::WebAssembly::Memory>()
            .map_or(0.0, |m| m.buffer().dyn_into::<js_sys::ArrayBuffer>().map_or(0.0, |b| b.byte_length() as f64))
    });
    let _ = js_sys::Reflect::set(&window, &"neuroplayMemoryBytes".into(), memory.as_ref());
    memory.forget();
    // A deliberate panic, for the end-to-end test of the overlay.
    let panic = Closure::<dyn Fn()>::new(|| panic!("a test asked the page to fail"));
    let _ = js_sys::Reflect::set(&window, &"neuroplayPanicForTests".into(), panic.as_ref());
    panic.forget();
}

/// Covers the page with what happened and a reload link that keeps the settings.
fn show_overlay(message: &str) {
    let Some(window) = web_sys::window() else { return };
    let Some(document) = window.document() else { return };
    let Some(body) = document.body() else { return };
    let location = window.location();
    // A new query makes the browser load the page again; the hash keeps the settings.
    let reload = format!(
        "{}?reload={}{}",
        location.pathname().unwrap_or_else(|_| "/".into()),
        js_sys::Date::now() as u64,
        location.hash().unwrap_or_default()
    );
    let build = || -> Option<web_sys::Element> {
        let overlay = document.create_element("div").ok()?;
        overlay.set_id("panic-overlay");
        overlay.set_attribute("role", "alertdialog").ok()?;
        overlay.set_attribute("data-testid", "panic-overlay").ok()?;
        // Styled here, not in the style sheet, so it shows whatever state the page is in.
        overlay
            .set_attribute(
                "style",
                "position:fixed;inset:0;z-index:1000;display:flex;flex-direction:column;align-items:center;justify-content:center;\
                 gap:1rem;padding:2rem;background:rgba(24,26,32,0.94);color:#fff;font:18px system-ui,sans-serif;text-align:center",
            )
            .ok()?;
        let title = document.create_element("h2").ok()?;
        title.set_text_content(Some("Something went wrong inside the playground"));
        let text = document.create_element("p").ok()?;
        text.set_text_content(Some(
            "The page stopped, so nothing you do here will work until it is loaded again. Your settings are kept in the link below.",
        ));
        let detail = document.create_element("pre").ok()?;
        detail.set_text_content(Some(message));
        let link = document.create_element("a").ok()?;
        link.set_attribute("href", &reload).ok()?;
        link.set_attribute("data-testid", "panic-reload").ok()?;
        link.set_text_content(Some("Reload with the same settings"));
        link.set_attribute(
            "style",
            "padding:0.8rem 1.4rem;border-radius:8px;background:#0877bd;color:#fff;font-weight:600;text-decoration:none",
        )
        .ok()?;
        detail.set_attribute("style", "max-width:60rem;white-space:pre-wrap;opacity:0.7;font-size:14px").ok()?;
        for child in [&title, &text, &link, &detail] {
            overlay.append_child(child).ok()?;
        }
        Some(overlay)
    };
    if let Some(overlay) = build() {
        let _ = body.append_child(&overlay);
    }
}

//! Component tests in a real browser (headless Chromium): mount, wait a tick, read the page.
#![cfg(target_arch = "wasm32")]

use leptos::mount::mount_to;
use leptos::wasm_bindgen::JsCast;
use neuroplay::ui::App;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn mount_app() -> web_sys::Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    mount_to(root.clone().unchecked_into(), App).forget();
    root
}

fn text(root: &web_sys::Element, testid: &str) -> String {
    root.query_selector(&format!("[data-testid={testid}]"))
        .unwrap()
        .unwrap_or_else(|| panic!("no element with data-testid={testid}"))
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_shell_trains_the_default_network_in_the_browser() {
    let root = mount_app();
    assert!(root.text_content().unwrap().contains("Neuroplay"));
    leptos::task::tick().await;
    let status = text(&root, "engine-status");
    assert!(status.starts_with("Engine check: 100 epochs on 'circle'"), "{status}");
    // The default circle is learned in 100 epochs: the page shows the accuracy it got.
    let pct: f32 = status.rsplit("test accuracy ").next().unwrap().trim_end_matches("%").parse().unwrap();
    assert!(pct >= 95.0, "{status}");
}

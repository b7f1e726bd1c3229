//! Component tests in a real browser (headless Chromium): mount the page, act as a user
//! would (clicks, keys, select changes), wait until the page shows the state expected, and
//! read what is shown.
#![cfg(target_arch = "wasm32")]

use leptos::mount::mount_to;
use neuroplay_web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlSelectElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

/// The longest [`until`] waits.
const PATIENCE_MS: f64 = 10_000.0;

/// Waits until `ready` holds, looking again every 10 ms, or until [`PATIENCE_MS`] have
/// passed: the page changes in its frame loop, not within the click. The assertion that
/// follows says what was expected.
async fn until(mut ready: impl FnMut() -> bool) {
    let start = js_sys::Date::now();
    while !ready() && js_sys::Date::now() - start < PATIENCE_MS {
        sleep(10).await;
    }
}

/// Mounts a fresh page for the given URL hash and waits until its diagram shows the output.
async fn mount(hash: &str) -> Element {
    let window = web_sys::window().unwrap();
    let url = format!("{}#{hash}", window.location().pathname().unwrap());
    window.history().unwrap().replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url)).unwrap();
    let document = window.document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    mount_to(root.clone().unchecked_into(), App).forget();
    until(|| count(&root, ".neuron.output") > 0).await;
    assert!(count(&root, ".neuron.output") > 0, "the page draws its network");
    root
}

fn find(root: &Element, testid: &str) -> Element {
    root.query_selector(&format!("[data-testid=\"{testid}\"]")).unwrap().unwrap_or_else(|| panic!("no element with data-testid={testid}"))
}

fn exists(root: &Element, testid: &str) -> bool {
    root.query_selector(&format!("[data-testid=\"{testid}\"]")).unwrap().is_some()
}

fn text(root: &Element, testid: &str) -> String {
    find(root, testid).text_content().unwrap_or_default()
}

/// Whether the element is shown and its text contains `needle`.
fn shows(root: &Element, testid: &str, needle: &str) -> bool {
    exists(root, testid) && text(root, testid).contains(needle)
}

fn epoch(root: &Element) -> usize {
    text(root, "epoch").replace(',', "").parse().unwrap()
}

fn click(root: &Element, testid: &str) {
    find(root, testid).unchecked_into::<HtmlElement>().click();
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

fn choose(root: &Element, testid: &str, value: &str) {
    let select: HtmlSelectElement = find(root, testid).unchecked_into();
    select.set_value(value);
    let init = EventInit::new();
    init.set_bubbles(true);
    select.dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
}

fn press(key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    let ev = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    web_sys::window().unwrap().dispatch_event(&ev).unwrap();
}

fn number(s: &str) -> f32 {
    s.trim_end_matches('%').parse().unwrap_or_else(|_| panic!("'{s}' is not a number"))
}

#[wasm_bindgen_test]
async fn play_trains_and_pause_stops() {
    let root = mount("dataset=circle").await;
    assert_eq!(epoch(&root), 0);
    let before = number(&text(&root, "loss-train"));
    click(&root, "play");
    until(|| epoch(&root) > 5).await;
    click(&root, "play");
    let e = epoch(&root);
    assert!(e > 5, "only {e} epochs after 10 s");
    assert!(number(&text(&root, "loss-train")) < before, "the training loss fell");
    // Nothing to wait for: a paused page stays as it is.
    sleep(200).await;
    assert_eq!(epoch(&root), e, "paused means paused");
}

#[wasm_bindgen_test]
async fn step_trains_exactly_one_epoch() {
    let root = mount("dataset=xor").await;
    click(&root, "step");
    click(&root, "step");
    until(|| epoch(&root) >= 2).await;
    assert_eq!(epoch(&root), 2);
}

#[wasm_bindgen_test]
async fn layers_and_neurons_are_added_and_removed() {
    let root = mount("layers=4,2").await;
    let neurons = count(&root, ".neuron:not(.feature)");
    assert_eq!(neurons, 4 + 2 + 1);
    click(&root, "add-layer");
    until(|| count(&root, ".neuron:not(.feature)") == neurons + 2).await;
    assert_eq!(count(&root, ".neuron:not(.feature)"), neurons + 2, "a new layer starts with two neurons");
    assert!(exists(&root, "layer-2-add"));
    click(&root, "layer-0-add");
    until(|| count(&root, ".neuron:not(.feature)") == neurons + 3).await;
    assert_eq!(count(&root, ".neuron:not(.feature)"), neurons + 3);
    assert!(exists(&root, "link-0-0-4"), "the new neuron is wired to the inputs");
    click(&root, "remove-layer");
    click(&root, "layer-1-remove");
    until(|| count(&root, ".neuron:not(.feature)") == 5 + 1 + 1).await;
    assert_eq!(count(&root, ".neuron:not(.feature)"), 5 + 1 + 1);
    assert!(!exists(&root, "layer-2-add"));
    // Training goes on with the new shape.
    click(&root, "step");
    until(|| epoch(&root) >= 1).await;
    assert_eq!(epoch(&root), 1);
}

#[wasm_bindgen_test]
async fn the_limits_are_shown_not_silently_ignored() {
    let root = mount("layers=16").await;
    let add: web_sys::HtmlButtonElement = find(&root, "layer-0-add").unchecked_into();
    assert!(add.disabled(), "16 is the most neurons a layer has here");
    assert!(text(&root, "layer-count-limit").contains("max 8 × 16"));
}

#[wasm_bindgen_test]
async fn the_learning_rate_changes_live_and_other_settings_reset() {
    let root = mount("dataset=circle").await;
    for _ in 0..3 {
        click(&root, "step");
    }
    choose(&root, "learning-rate", "0.1");
    let hash = || web_sys::window().unwrap().location().hash().unwrap();
    until(|| hash().contains("&lr=0.1&") && epoch(&root) >= 3).await;
    assert_eq!(epoch(&root), 3, "a new learning rate keeps the run going");
    assert!(hash().contains("&lr=0.1&"), "the hash follows");
    choose(&root, "optimizer", "adam");
    until(|| epoch(&root) == 0).await;
    assert_eq!(epoch(&root), 0, "a new optimizer starts a new run");
}

#[wasm_bindgen_test]
async fn datasets_pick_the_problem() {
    let root = mount("").await;
    click(&root, "dataset-blobs");
    until(|| count(&root, ".neuron.output") == 3).await;
    assert_eq!(find(&root, "classes").unchecked_into::<HtmlSelectElement>().value(), "3");
    assert_eq!(count(&root, ".neuron.output"), 3, "one softmax output per class");
    assert!(exists(&root, "accuracy-test"));
    click(&root, "dataset-reg-plane");
    until(|| count(&root, ".neuron.output") == 1 && !exists(&root, "accuracy-test")).await;
    assert!(!exists(&root, "accuracy-test"), "no accuracy for regression");
    assert_eq!(count(&root, ".neuron.output"), 1);
}

#[wasm_bindgen_test]
async fn a_typed_weight_is_used_and_a_bad_one_refused() {
    let root = mount("layers=2").await;
    let hit = find(&root, "link-0-0-0");
    let init = EventInit::new();
    init.set_bubbles(true);
    hit.dispatch_event(&Event::new_with_event_init_dict("click", &init).unwrap()).unwrap();
    until(|| exists(&root, "weight-edit")).await;
    let input: web_sys::HtmlInputElement = find(&root, "weight-edit").unchecked_into();
    input.set_value("banana");
    let enter = KeyboardEventInit::new();
    enter.set_key("Enter");
    enter.set_bubbles(true);
    input.dispatch_event(&KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &enter).unwrap()).unwrap();
    until(|| shows(&root, "notice", "'banana' is not a weight")).await;
    assert!(text(&root, "notice").contains("'banana' is not a weight"), "{}", text(&root, "notice"));
    let before = text(&root, "loss-train");
    hit.dispatch_event(&Event::new_with_event_init_dict("click", &init).unwrap()).unwrap();
    until(|| exists(&root, "weight-edit")).await;
    let input: web_sys::HtmlInputElement = find(&root, "weight-edit").unchecked_into();
    input.set_value("5");
    input.dispatch_event(&KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &enter).unwrap()).unwrap();
    until(|| text(&root, "loss-train") != before).await;
    assert_ne!(text(&root, "loss-train"), before, "a weight of 5 changes the loss");
}

#[wasm_bindgen_test]
async fn divergence_pauses_and_offers_a_reset() {
    let root = mount("dataset=reg-plane&features=x1,x2,x1sq,x2sq&layers=8,8&activation=relu&lr=10").await;
    click(&root, "play");
    until(|| shows(&root, "notice", "too high") && find(&root, "play").get_attribute("aria-pressed").as_deref() == Some("false")).await;
    assert_eq!(find(&root, "play").get_attribute("aria-pressed").as_deref(), Some("false"), "training paused");
    assert!(text(&root, "notice").contains("learning rate (10) is too high"), "{}", text(&root, "notice"));
    assert!(exists(&root, "notice-lower-rate"), "one click divides the rate by 10");
    click(&root, "notice-reset");
    until(|| epoch(&root) == 0 && !exists(&root, "notice")).await;
    assert_eq!(epoch(&root), 0);
    assert!(!exists(&root, "notice"));
}

#[wasm_bindgen_test]
async fn a_garbled_hash_loads_what_it_can_and_says_so() {
    let root = mount("dataset=spiral&lr=banana&layers=3,3&%%%&noise=9000").await;
    until(|| shows(&root, "notice", "lr: 'banana'") && count(&root, ".neuron:not(.feature)") == 3 + 3 + 1).await;
    assert!(text(&root, "notice").contains("lr: 'banana' is not a number"), "{}", text(&root, "notice"));
    assert_eq!(find(&root, "learning-rate").unchecked_into::<HtmlSelectElement>().value(), "0.03");
    assert_eq!(find(&root, "dataset-spiral").get_attribute("aria-pressed").as_deref(), Some("true"));
    assert_eq!(count(&root, ".neuron:not(.feature)"), 3 + 3 + 1);
}

#[wasm_bindgen_test]
async fn keyboard_shortcuts_drive_the_page() {
    let root = mount("").await;
    press("ArrowRight");
    until(|| epoch(&root) >= 1).await;
    assert_eq!(epoch(&root), 1);
    press("p");
    press("d");
    let app = root.query_selector(".app").unwrap().unwrap();
    until(|| app.class_list().contains("presentation") && app.class_list().contains("dark")).await;
    assert!(app.class_list().contains("presentation") && app.class_list().contains("dark"));
    press("?");
    until(|| shows(&root, "help", "play / pause")).await;
    assert!(text(&root, "help").contains("play / pause"));
    press("Escape");
    press("r");
    until(|| epoch(&root) == 0 && !exists(&root, "help")).await;
    assert_eq!(epoch(&root), 0);
    assert!(!exists(&root, "help"));
    // Presses are for the page of the last mount only in real use; reset the others' view.
    press("p");
    press("d");
}

#[wasm_bindgen_test]
async fn the_boundary_is_painted_from_the_network() {
    let root = mount("dataset=xor&layers=4").await;
    let canvas: web_sys::HtmlCanvasElement = find(&root, "boundary").unchecked_into();
    let ctx: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").unwrap().unwrap().unchecked_into();
    let colours = || -> Vec<[u8; 4]> {
        let pixels = ctx.get_image_data(0.0, 0.0, 100.0, 100.0).unwrap().data();
        pixels.chunks_exact(4).map(|p| [p[0], p[1], p[2], p[3]]).collect()
    };
    until(|| colours().iter().all(|c| c[3] == 255)).await;
    let mut colours = colours();
    assert!(colours.iter().all(|c| c[3] == 255), "every cell is painted");
    colours.sort();
    colours.dedup();
    assert!(colours.len() > 20, "a smooth map has many shades, got {}", colours.len());
}

#[wasm_bindgen_test]
async fn each_optimizer_shows_the_hyperparameters_it_declares() {
    let root = mount("optimizer=sgd").await;
    for kind in neuroplay::engine::OptimizerKind::ALL {
        choose(&root, "optimizer", kind.name());
        sleep(30).await;
        for key in ["momentum", "beta1", "beta2", "rho"] {
            assert_eq!(exists(&root, key), kind.hyperparameters().contains(&key), "{} and {key}", kind.name());
        }
    }
}

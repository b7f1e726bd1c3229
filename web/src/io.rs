//! Data in and models out on the page: import a CSV file (picker or drag-and-drop), load
//! saved weights, and download the weights, the data, the losses, the boundary as PNG
//! and the network as a Python program.

use super::state::AppState;
use leptos::html::Input;
use leptos::prelude::*;
use neuroplay::data::{DatasetKind, Point};
use neuroplay::formats::python::Format;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Offers `text` as a file download named `name`.
fn download_text(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    click_link(name, &url);
    let _ = web_sys::Url::revoke_object_url(&url);
}

fn click_link(name: &str, href: &str) {
    let Some(a) = document().create_element("a").ok().and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok()) else { return };
    a.set_href(href);
    a.set_download(name);
    a.click();
}

/// Reads a chosen or dropped file's bytes and hands them to `then` with its name: the
/// formats decode them, as the command line's do, so a file gets one verdict on both.
pub(crate) fn read_file(file: web_sys::File, then: impl Fn(&str, &[u8]) + 'static) {
    let Ok(reader) = web_sys::FileReader::new() else { return };
    let name = file.name();
    let r = reader.clone();
    let onload = Closure::<dyn Fn()>::new(move || {
        let bytes = r.result().map(|v| js_sys::Uint8Array::new(&v).to_vec()).unwrap_or_default();
        then(&name, &bytes);
    });
    reader.set_onload(Some(onload.as_ref().unchecked_ref()));
    onload.forget();
    let _ = reader.read_as_array_buffer(&file);
}

/// The points as CSV in the data's own units (an imported file's, or the plot's).
fn points_csv(st: AppState) -> String {
    let settings = st.settings.get_untracked();
    if let (DatasetKind::Custom, Some(c)) = (settings.dataset, &settings.custom) {
        return c.to_csv();
    }
    let points: Vec<Point> = st.session.with_value(|s| s.train_points.iter().chain(&s.val_points).chain(&s.test_points).copied().collect());
    let mut out = String::from("x1,x2,label\n");
    for p in points {
        out.push_str(&format!("{},{},{}\n", p.x1, p.x2, p.label));
    }
    out
}

/// Saves every point (training, validation and test) as a CSV file.
pub fn download_data(st: AppState) {
    download_text("neuroplay-data.csv", "text/csv", &points_csv(st));
}

/// The boundary and the points over it, as one PNG.
fn boundary_png() -> Option<String> {
    let heat = document().query_selector("[data-testid=boundary]").ok()??.dyn_into::<web_sys::HtmlCanvasElement>().ok()?;
    let parent = heat.parent_element()?;
    let out = document().create_element("canvas").ok()?.dyn_into::<web_sys::HtmlCanvasElement>().ok()?;
    let size = 600;
    out.set_width(size);
    out.set_height(size);
    let ctx = super::canvas::context(&out)?;
    let layers = parent.query_selector_all("canvas").ok()?;
    for i in 0..layers.length() {
        if let Some(c) = layers.item(i).and_then(|n| n.dyn_into::<web_sys::HtmlCanvasElement>().ok()) {
            let _ = ctx.draw_image_with_html_canvas_element_and_dw_and_dh(&c, 0.0, 0.0, size as f64, size as f64);
        }
    }
    out.to_data_url_with_type("image/png").ok()
}

/// Import, load and download, in one row. Longer than most components: each of its eight
/// buttons is one line of the view and one small handler above it.
#[component]
pub fn DataIo() -> impl IntoView {
    let st = AppState::get();
    let csv_input = NodeRef::<Input>::new();
    let weights_input = NodeRef::<Input>::new();
    let dragging = RwSignal::new(false);
    let pick = move |input: NodeRef<Input>, then: fn(AppState, &str, &[u8])| {
        move |_| {
            let Some(el) = input.get_untracked() else { return };
            if let Some(file) = el.files().and_then(|f| f.get(0)) {
                read_file(file, move |name, text| then(st, name, text));
            }
            el.set_value("");
        }
    };
    // The file inputs are hidden: their labels take the focus and Enter or Space opens them.
    let open_with_keys = |input: NodeRef<Input>| {
        move |ev: leptos::ev::KeyboardEvent| {
            if matches!(ev.key().as_str(), "Enter" | " ") {
                ev.prevent_default();
                if let Some(el) = input.get_untracked() {
                    el.click();
                }
            }
        }
    };
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
            read_file(file, move |name, bytes| {
                let lower = name.to_lowercase();
                if lower.ends_with(".json") {
                    st.load_weights_file(name, bytes);
                } else if lower.ends_with(".md") || lower.ends_with(".markdown") {
                    st.open_lecture_file(name, bytes);
                } else {
                    st.import_csv(name, bytes);
                }
            });
        }
    };
    let weights = move |_| {
        let json = st.session.with_value(|s| neuroplay::formats::model::model_json(&st.settings.get_untracked(), s.trainer().network()));
        download_text("neuroplay-model.json", "application/json", &json.to_string());
    };
    let losses = move |_| {
        let out = st.runs.with_untracked(|runs| {
            if runs.is_empty() {
                st.history.with_untracked(|h| neuroplay::formats::csv::losses_csv(&[("", h)]))
            } else {
                neuroplay::formats::csv::losses_csv(&runs.iter().map(|r| (r.label.as_str(), &r.history)).collect::<Vec<_>>())
            }
        });
        download_text("neuroplay-losses.csv", "text/csv", &out);
    };
    let python = move |format: Format| {
        let code =
            st.session.with_value(|s| neuroplay::formats::python::python(&st.settings.get_untracked(), s.trainer().network(), format));
        download_text(&format!("model_{}.py", format.name()), "text/x-python", &code);
    };
    view! {
        <section
            class="panel io-panel"
            class:dragging=move || dragging.get()
            aria-label="Your data and your model"
            data-testid="io"
            on:dragover=move |ev: web_sys::DragEvent| {
                ev.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            <h2>"Your data, your model"</h2>
            <p class="hint">"Drop a CSV file of x1,x2,label rows here (or a saved model's JSON), or choose one."</p>
            <div class="io-row">
                <label class="button-like" tabindex="0" role="button" on:keydown=open_with_keys(csv_input)>
                    "Import CSV…"
                    <input type="file" accept=".csv,text/csv,text/plain" data-testid="import-csv" node_ref=csv_input on:change=pick(csv_input, |st, n, b| st.import_csv(n, b)) />
                </label>
                <label class="button-like" tabindex="0" role="button" on:keydown=open_with_keys(weights_input)>
                    "Load weights…"
                    <input type="file" accept=".json,application/json" data-testid="load-weights" node_ref=weights_input on:change=pick(weights_input, |st, n, b| st.load_weights_file(n, b)) />
                </label>
            </div>
            <div class="io-row">
                <span class="control-label">"Download"</span>
                <button class="small" data-testid="download-weights" on:click=weights>"Weights (JSON)"</button>
                <button class="small" data-testid="download-data" on:click=move |_| download_data(st)>"Data (CSV)"</button>
                <button class="small" data-testid="download-losses" on:click=losses>"Losses (CSV)"</button>
                <button class="small" data-testid="download-png" on:click=move |_| {
                    if let Some(url) = boundary_png() {
                        click_link("neuroplay-boundary.png", &url);
                    }
                }>"Boundary (PNG)"</button>
            </div>
            <div class="io-row">
                <span class="control-label">"Python"</span>
                {Format::ALL
                    .into_iter()
                    .map(|f| view! { <button class="small" data-testid=format!("export-{}", f.name()) on:click=move |_| python(f)>{f.name()}</button> })
                    .collect_view()}
            </div>
        </section>
    }
}

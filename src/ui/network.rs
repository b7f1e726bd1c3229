//! The network diagram: the input features, one column per hidden layer, the output.
//! Every neuron shows its own live heatmap; links show their weight by colour and width,
//! tell it on hover, and take a typed value on click.

use super::canvas::put_rgba;
use super::state::{AppState, GRID, UI_MAX_LAYERS, UI_MAX_NEURONS};
use crate::data::Feature;
use crate::engine::Activation;
use crate::viz;
use leptos::html::{Canvas, Input};
use leptos::prelude::*;

const COL_W: f32 = 118.0;
const NODE: f32 = 36.0;
const GAP: f32 = 9.0;
const TOP: f32 = 74.0;
const LEFT: f32 = 8.0;

fn node_x(col: usize) -> f32 {
    LEFT + col as f32 * COL_W
}

fn node_y(row: usize) -> f32 {
    TOP + row as f32 * (NODE + GAP)
}

/// A link under the pointer or being edited.
#[derive(Clone, Copy, Debug, PartialEq)]
struct LinkRef {
    layer: usize,
    from: usize,
    to: usize,
    index: usize,
    x: f32,
    y: f32,
}

impl LinkRef {
    /// The `data-testid` of the link's hit area, also how the keyboard finds it again.
    fn testid(&self) -> String {
        format!("link-{}-{}-{}", self.layer, self.from, self.to)
    }
}

/// How a link takes part in keyboard navigation: the weights form one stop in the Tab
/// order (the last one focused), and the arrow keys move between them in `order`.
#[derive(Clone, Copy)]
struct LinkKeys {
    pos: usize,
    current: RwSignal<usize>,
    order: StoredValue<Vec<LinkRef>>,
}

/// The shape the diagram is drawn from.
#[derive(Clone, Debug, PartialEq)]
struct Shape {
    features: Vec<Feature>,
    layers: Vec<usize>,
    activations: Vec<Activation>,
    outputs: usize,
    version: u64,
}

/// A hidden or output neuron: a canvas painted from the frame's buffers.
#[component]
fn Neuron(layer: usize, index: usize, col: usize, row: usize, output: bool) -> impl IntoView {
    let st = AppState::get();
    let canvas = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        st.frame.track();
        if let Some(c) = canvas.get() {
            st.session.with_value(|s| {
                if let Some(buf) = s.neuron_rgba.get(layer).and_then(|l| l.get(index)) {
                    put_rgba(&c, buf, GRID.n as u32, GRID.n as u32);
                }
            });
        }
    });
    let label = if output { format!("Output {}", index + 1) } else { format!("Layer {} neuron {}", layer + 1, index + 1) };
    let aria = label.clone();
    view! {
        <div
            class="neuron"
            class:output=output
            style:left=format!("{}px", node_x(col))
            style:top=format!("{}px", node_y(row))
            title=format!("{label}: hover (or focus) to see it large in the output")
            data-testid=format!("neuron-{layer}-{index}")
            tabindex="0"
            role="img"
            aria-label=aria.clone()
            on:mouseenter=move |_| st.hover.set(Some((layer, index)))
            on:mouseleave=move |_| st.hover.set(None)
            on:focus=move |_| st.hover.set(Some((layer, index)))
            on:blur=move |_| st.hover.set(None)
        >
            <canvas node_ref=canvas width=GRID.n height=GRID.n></canvas>
        </div>
    }
}

/// An input feature: its values as a heatmap; clicking turns it on or off.
#[component]
fn FeatureNode(feature: Feature, row: usize, active: bool) -> impl IntoView {
    let st = AppState::get();
    let canvas = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        if let Some(c) = canvas.get() {
            put_rgba(&c, &viz::feature_rgba(feature, &GRID), GRID.n as u32, GRID.n as u32);
        }
    });
    view! {
        <button
            class="neuron feature"
            class:inactive=!active
            style:left=format!("{}px", node_x(0))
            style:top=format!("{}px", node_y(row))
            data-testid=format!("feature-{}", feature.name())
            aria-pressed=active.to_string()
            aria-label=format!("Input feature {}", feature.label())
            title=format!("{}: click to turn {}", feature.label(), if active { "off" } else { "on" })
            on:click=move |_| st.toggle_feature(feature)
        >
            <canvas node_ref=canvas width=GRID.n height=GRID.n></canvas>
            <span class="feature-label">{feature.label()}</span>
        </button>
    }
}

/// One weight: a curve whose colour is its sign and width its size. Hovering or focusing
/// it (Tab, then the arrow keys) shows its value; a click or Enter opens the box to type a
/// new one.
#[component]
fn Link(
    link: LinkRef,
    d: String,
    label: String,
    keys: LinkKeys,
    hovered: RwSignal<Option<LinkRef>>,
    editing: RwSignal<Option<LinkRef>>,
) -> impl IntoView {
    let LinkKeys { pos, current, order } = keys;
    let st = AppState::get();
    let weight = move || {
        st.frame.track();
        st.session.with_value(|s| s.trainer.network().params().get(link.index).copied().unwrap_or(0.0))
    };
    view! {
        <path
            class="link"
            aria-hidden="true"
            d=d.clone()
            stroke=move || viz::css(viz::diverging(weight().clamp(-1.0, 1.0)))
            stroke-width=move || format!("{:.2}", (0.5 + 2.5 * weight().abs()).min(7.0))
        ></path>
        <path
            class="link-hit"
            d=d
            data-testid=link.testid()
            tabindex=move || if current.get() == pos { "0" } else { "-1" }
            role="button"
            aria-label=format!("Weight {label}: Enter types a new one, arrow keys go to the next")
            on:mouseenter=move |_| hovered.set(Some(link))
            on:mouseleave=move |_| hovered.set(None)
            on:focus=move |_| {
                current.set(pos);
                hovered.set(Some(link));
            }
            on:blur=move |_| hovered.set(None)
            on:click=move |_| editing.set(Some(link))
            on:keydown=move |ev| {
                let next = match ev.key().as_str() {
                    "Enter" => {
                        ev.prevent_default();
                        editing.set(Some(link));
                        return;
                    }
                    "ArrowDown" | "ArrowRight" => pos + 1,
                    "ArrowUp" | "ArrowLeft" => pos.wrapping_sub(1),
                    _ => return,
                };
                // The arrows walk the weights here; they must not also step the training.
                ev.prevent_default();
                ev.stop_propagation();
                if let Some(to) = order.with_value(|o| o.get(next).copied()) {
                    current.set(next);
                    refocus(to);
                }
            }
        ></path>
    }
}

/// Moves the keyboard focus to a link: the next one along, or back from its editor.
fn refocus(link: LinkRef) {
    let selector = format!("[data-testid={}]", link.testid());
    if let Some(el) = document().query_selector(&selector).ok().flatten() {
        if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::SvgElement>(el) {
            let _ = el.focus();
        }
    }
}

/// Header of a hidden layer: neuron count with + and −, and its activation.
#[component]
fn LayerHeader(index: usize, col: usize) -> impl IntoView {
    let st = AppState::get();
    let size = Memo::new(move |_| st.settings.with(|s| s.layers.get(index).copied().unwrap_or(0)));
    let act = Memo::new(move |_| st.settings.with(|s| s.layer_activations().get(index).copied().unwrap_or(Activation::Tanh)));
    let change = move |delta: isize| {
        let s = st.settings.get_untracked();
        let mut layers = s.layers.clone();
        let Some(size) = layers.get_mut(index) else { return };
        let n = *size as isize + delta;
        if n < 1 || n > UI_MAX_NEURONS as isize {
            st.say(format!("A layer has 1 to {UI_MAX_NEURONS} neurons here."));
            return;
        }
        *size = n as usize;
        st.set_layers(layers, s.activations.clone());
    };
    view! {
        <div class="layer-header" style:left=format!("{}px", node_x(col) - (COL_W - NODE) / 2.0) style:width=format!("{COL_W}px")>
            <div class="plus-minus">
                <button
                    class="small"
                    data-testid=format!("layer-{index}-add")
                    aria-label=format!("Add a neuron to layer {}", index + 1)
                    title=format!("Add a neuron (at most {UI_MAX_NEURONS})")
                    disabled=move || { size.get() >= UI_MAX_NEURONS }
                    on:click=move |_| change(1)
                >
                    "+"
                </button>
                <button
                    class="small"
                    data-testid=format!("layer-{index}-remove")
                    aria-label=format!("Remove a neuron from layer {}", index + 1)
                    title="Remove a neuron (at least 1 stays)"
                    disabled=move || { size.get() <= 1 }
                    on:click=move |_| change(-1)
                >
                    "−"
                </button>
            </div>
            <div class="layer-size">{move || format!("{} neuron{}", size.get(), if size.get() == 1 { "" } else { "s" })}</div>
            <select
                class="layer-activation"
                data-testid=format!("layer-{index}-activation")
                aria-label=format!("Activation of layer {}", index + 1)
                prop:value=move || act.get().name()
                on:change=move |ev| {
                    let s = st.settings.get_untracked();
                    if let Some(a) = Activation::from_name(&event_target_value(&ev)) {
                        let mut acts = s.layer_activations();
                        let Some(slot) = acts.get_mut(index) else { return };
                        *slot = a;
                        let same = acts.iter().all(|x| *x == s.activation);
                        st.set_layers(s.layers.clone(), (!same).then_some(acts));
                    }
                }
            >
                {HIDDEN_ACTIVATIONS
                    .iter()
                    .map(|a| view! { <option value=a.name() selected=move || act.get() == *a>{a.name()}</option> })
                    .collect_view()}
            </select>
        </div>
    }
}

/// The activations a hidden layer can use (the step function cannot be trained).
pub const HIDDEN_ACTIVATIONS: [Activation; 8] = [
    Activation::Tanh,
    Activation::Sigmoid,
    Activation::Relu,
    Activation::LeakyRelu,
    Activation::Elu,
    Activation::Silu,
    Activation::Gelu,
    Activation::Linear,
];

/// Adds or removes hidden layers; sets every layer's activation at once.
#[component]
fn LayerControls() -> impl IntoView {
    let st = AppState::get();
    let count = Memo::new(move |_| st.settings.with(|s| s.layers.len()));
    let add = move |_: leptos::ev::MouseEvent| {
        let s = st.settings.get_untracked();
        if s.layers.len() >= UI_MAX_LAYERS {
            st.say(format!("The page shows at most {UI_MAX_LAYERS} hidden layers."));
            return;
        }
        let mut layers = s.layers.clone();
        layers.push(2);
        let acts = s.activations.clone().map(|mut a| {
            a.push(s.activation);
            a
        });
        st.set_layers(layers, acts);
    };
    let remove = move |_: leptos::ev::MouseEvent| {
        let s = st.settings.get_untracked();
        let mut layers = s.layers.clone();
        if layers.pop().is_none() {
            return;
        }
        let acts = s.activations.clone().map(|mut a| {
            a.pop();
            a
        });
        st.set_layers(layers, acts);
    };
    view! {
        <div class="layer-controls">
            <button class="round small" data-testid="add-layer" aria-label="Add a hidden layer"
                title=format!("Add a hidden layer (at most {UI_MAX_LAYERS})") disabled=move || { count.get() >= UI_MAX_LAYERS } on:click=add>"+"</button>
            <button class="round small" data-testid="remove-layer" aria-label="Remove the last hidden layer"
                title="Remove the last hidden layer" disabled=move || count.get() == 0 on:click=remove>"−"</button>
            <span class="layer-count">{move || format!("{} hidden layer{}", count.get(), if count.get() == 1 { "" } else { "s" })}</span>
            <span class="limit" data-testid="layer-count-limit" title="The most layers and neurons per layer the page shows">
                {format!("(max {UI_MAX_LAYERS} × {UI_MAX_NEURONS})")}
            </span>
            <label class="control inline" for="ctl-activation">
                <span class="control-label">"Activation"</span>
                <select
                    id="ctl-activation"
                    data-testid="activation"
                    prop:value=move || st.settings.with(|s| s.activation.name())
                    on:change=move |ev| st.set_all_activations(&event_target_value(&ev))
                >
                    {HIDDEN_ACTIVATIONS
                        .iter()
                        .map(|a| {
                            let a = *a;
                            view! { <option value=a.name() selected=move || st.settings.with(|s| s.activation == a)>{a.name()}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
        </div>
    }
}

/// The whole diagram.
#[component]
pub fn NetworkDiagram() -> impl IntoView {
    let st = AppState::get();
    let shape = Memo::new(move |_| {
        let version = st.net_version.get();
        st.settings.with(|s| Shape {
            features: s.features.clone(),
            layers: s.layers.clone(),
            activations: s.layer_activations(),
            outputs: s.network_config(s.features.len()).outputs,
            version,
        })
    });
    let hovered = RwSignal::new(None::<LinkRef>);
    let editing = RwSignal::new(None::<LinkRef>);
    // The weights as the arrow keys walk them, and which one Tab lands on.
    let order = StoredValue::new(Vec::<LinkRef>::new());
    let current = RwSignal::new(0usize);
    let edit_input = NodeRef::<Input>::new();
    Effect::new(move |_| {
        if editing.get().is_some() {
            if let Some(i) = edit_input.get() {
                let _ = i.focus();
                i.select();
            }
        }
    });
    let commit = move |text: String| {
        if let Some(link) = editing.get_untracked() {
            editing.set(None);
            st.set_weight(link.layer, link.from, link.to, &text);
        }
    };
    let body = move || {
        let sh = shape.get();
        let cols = sh.layers.len() + 2;
        let width = node_x(cols - 1) + NODE + LEFT;
        let rows = Feature::ALL.len().max(sh.layers.iter().copied().max().unwrap_or(0)).max(sh.outputs);
        let height = node_y(rows) + 4.0;
        // Row of each engine input: the feature's place in the full list.
        let input_rows: Vec<usize> = sh.features.iter().map(|f| Feature::ALL.iter().position(|x| x == f).unwrap_or(0)).collect();
        let layers = st.session.with_value(|s| s.trainer.network().layers().to_vec());
        let mut links = Vec::new();
        for (l, layer) in layers.iter().enumerate() {
            for i in 0..layer.inputs {
                let from_row = if l == 0 { input_rows.get(i).copied().unwrap_or(i) } else { i };
                for j in 0..layer.outputs {
                    let (x0, y0) = (node_x(l) + NODE, node_y(from_row) + NODE / 2.0);
                    let (x1, y1) = (node_x(l + 1), node_y(j) + NODE / 2.0);
                    let xm = (x0 + x1) / 2.0;
                    let d = format!("M{x0:.1},{y0:.1} C{xm:.1},{y0:.1} {xm:.1},{y1:.1} {x1:.1},{y1:.1}");
                    let link = LinkRef { layer: l, from: i, to: j, index: layer.weight_index(i, j), x: xm, y: (y0 + y1) / 2.0 };
                    let from = match sh.features.get(i) {
                        Some(f) if l == 0 => format!("from input {}", f.label()),
                        _ => format!("from layer {} neuron {}", l, i + 1),
                    };
                    let to =
                        if l + 1 == layers.len() { format!("to output {}", j + 1) } else { format!("to layer {} neuron {}", l + 1, j + 1) };
                    links.push((link, d, format!("{from} {to}")));
                }
            }
        }
        order.set_value(links.iter().map(|(link, _, _)| *link).collect());
        if current.get_untracked() >= links.len() {
            current.set(0);
        }
        let links = links
            .into_iter()
            .enumerate()
            .map(|(pos, (link, d, label))| {
                let keys = LinkKeys { pos, current, order };
                view! { <Link link=link d=d label=label keys=keys hovered=hovered editing=editing /> }
            })
            .collect_view();
        let features = Feature::ALL
            .iter()
            .enumerate()
            .map(|(row, f)| view! { <FeatureNode feature=*f row=row active=sh.features.contains(f) /> })
            .collect_view();
        let hidden = sh
            .layers
            .iter()
            .enumerate()
            .map(|(l, &n)| {
                view! {
                    <LayerHeader index=l col=l + 1 />
                    {(0..n).map(|j| view! { <Neuron layer=l index=j col=l + 1 row=j output=false /> }).collect_view()}
                }
            })
            .collect_view();
        let out_layer = sh.layers.len();
        let outputs = (0..sh.outputs).map(|j| view! { <Neuron layer=out_layer index=j col=cols - 1 row=j output=true /> }).collect_view();
        view! {
            <div class="diagram" style:width=format!("{width}px") style:height=format!("{height}px")>
                <div class="column-title" style:left=format!("{}px", node_x(0) - 6.0)>"Features"</div>
                <div class="column-title" style:left=format!("{}px", node_x(cols - 1) - 10.0)>"Output"</div>
                <svg class="links" width=width height=height role="group" aria-label="Weights">
                    {links}
                </svg>
                {features}
                {hidden}
                {outputs}
            </div>
        }
    };
    view! {
        <section class="panel network-panel" aria-label="Network">
            <LayerControls />
            <div class="diagram-wrap">
                {body}
                {move || {
                    hovered
                        .get()
                        .filter(|_| editing.get().is_none())
                        .map(|l| {
                            let w = st.session.with_value(|s| s.trainer.network().params().get(l.index).copied().unwrap_or(0.0));
                            view! {
                                <div class="tooltip" data-testid="link-tooltip" style:left=format!("{}px", l.x) style:top=format!("{}px", l.y)>
                                    {format!("weight {w:.3} — click or press Enter to type a new one")}
                                </div>
                            }
                        })
                }}
                {move || {
                    editing
                        .get()
                        .map(|l| {
                            let w = st.session.with_value(|s| s.trainer.network().params().get(l.index).copied().unwrap_or(0.0));
                            view! {
                                <input
                                    class="weight-edit"
                                    data-testid="weight-edit"
                                    aria-label="New weight"
                                    node_ref=edit_input
                                    style:left=format!("{}px", l.x - 40.0)
                                    style:top=format!("{}px", l.y - 12.0)
                                    value=format!("{w:.3}")
                                    on:keydown=move |ev| match ev.key().as_str() {
                                        "Enter" => {
                                            commit(event_target_value(&ev));
                                            refocus(l);
                                        }
                                        "Escape" => {
                                            editing.set(None);
                                            refocus(l);
                                        }
                                        _ => {}
                                    }
                                    on:blur=move |ev| {
                                        if editing.get_untracked().is_some() {
                                            commit(event_target_value(&ev))
                                        }
                                    }
                                />
                            }
                        })
                }}
            </div>
        </section>
    }
}

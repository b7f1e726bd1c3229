//! What the diagram's pieces share, provided through context by [`super::NetworkDiagram`]:
//! the shape drawn, where everything lies, and what the pointer or the keyboard is on; and
//! the only places the diagram subscribes to the page's changes ([`watch_pictures`],
//! [`watch_shape`]).

use super::geom::Geom;
use super::shape::{biases_of, BiasRef, LinkRef, Param, Shape};
use super::walk_marks::{walk_labels, WalkLabels};
use crate::state::{AppState, Redraw};
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

/// Subscribes the caller to each frame's new pictures (heatmaps and weights): the painters
/// and the live tooltips redraw on it.
pub(super) fn watch_pictures(st: &AppState) {
    st.watch(Redraw::Pictures);
}

/// Subscribes the caller to a new network (rebuilt, or another run shown) and returns its
/// version: the shape, the stops and the elements are rebuilt on it.
pub(super) fn watch_shape(st: &AppState) -> u64 {
    st.watch(Redraw::Network);
    st.version(Redraw::Network)
}

/// The diagram's shared state: what it draws and what is being pointed at, focused or
/// edited. Weights and biases are named by their position among the keyboard stops
/// (links first, then biases).
#[derive(Clone, Copy)]
pub(super) struct Diagram {
    /// The shape drawn.
    pub shape: Memo<Shape>,
    /// Every weight, in the stops' order.
    pub links: Memo<Vec<LinkRef>>,
    /// Every bias, in the stops' order (after the links).
    pub biases: Memo<Vec<BiasRef>>,
    /// The hidden layers with batch normalization, and their sizes.
    pub normed: Memo<Vec<(usize, usize)>>,
    /// Where the columns and rows lie.
    pub geom: Memo<Geom>,
    /// The weight or bias under the pointer or the keyboard focus.
    pub shown: RwSignal<Option<usize>>,
    /// The weight or bias being edited.
    pub editing: RwSignal<Option<usize>>,
    /// Which stop Tab lands on (the weights and biases are one stop; the arrows walk them).
    pub current: StoredValue<usize>,
    /// The batch-normalization bar under the pointer or focus: (layer, neuron or the layer).
    pub bn_shown: RwSignal<Option<(usize, Option<usize>)>>,
    /// The walk-through's step and its numbers on the diagram, if one is open.
    pub walk_labels: Memo<Option<WalkLabels>>,
    /// The element holding the keyboard stops.
    pub keys: NodeRef<Div>,
}

impl Diagram {
    /// The diagram's state for a body of `size` (width, height, for fingers).
    pub fn new(st: AppState, size: RwSignal<(f32, f32, bool)>) -> Self {
        let shape = Memo::new(move |_| {
            let version = watch_shape(&st);
            st.settings.with(|s| Shape {
                features: s.features.clone(),
                layers: s.layers.clone(),
                activations: s.layer_activations(),
                outputs: s.network_config(s.features.len()).outputs,
                version,
                compact: st.view.with(|v| v.presentation),
            })
        });
        let links = Memo::new(move |_| {
            let sh = shape.get();
            st.session.with_value(|s| {
                let layers = s.trainer().network().layers();
                sh.links(|l, i, j| layers.get(l).map_or(0, |layer| layer.weight_index(i, j)))
            })
        });
        let biases = Memo::new(move |_| {
            shape.track();
            st.session.with_value(|s| biases_of(s.trainer().network().layers()))
        });
        let normed = Memo::new(move |_| {
            shape.track();
            st.session.with_value(|s| {
                let layers = s.trainer().network().layers();
                layers.iter().enumerate().filter(|(_, d)| !d.norm.is_empty()).map(|(l, d)| (l, d.outputs)).collect::<Vec<_>>()
            })
        });
        let geom = Memo::new(move |_| {
            let (w, h, touch) = size.get();
            // For fingers neurons stay large and the panel scrolls. Otherwise the whole
            // network shows: a tall column's neurons shrink (to dots, if they must), as far
            // as the features' labels, spread down their column, keep a line each.
            shape.with(|sh| {
                let (min_col, min_node) = if touch { (88.0, Geom::TOUCH_NODE) } else { (60.0, Geom::least_node(sh.labels(), sh.rows())) };
                Geom::fit(sh.cols(), sh.rows(), w, h, min_col, min_node)
            })
        });
        Diagram {
            shape,
            links,
            biases,
            normed,
            geom,
            shown: RwSignal::new(None),
            editing: RwSignal::new(None),
            current: StoredValue::new(0),
            bn_shown: RwSignal::new(None),
            walk_labels: walk_labels(st),
            keys: NodeRef::new(),
        }
    }

    /// The diagram's state, as its [`super::NetworkDiagram`] provided it.
    pub fn get() -> Self {
        expect_context::<Diagram>()
    }

    /// How many weights come before the biases among the stops.
    pub fn link_count(&self) -> usize {
        self.links.with_untracked(Vec::len)
    }

    /// The weight or bias at a stop's position.
    pub fn param_of(&self, pos: usize) -> Option<Param> {
        match pos.checked_sub(self.link_count()) {
            None => self.links.with_untracked(|l| l.get(pos).copied()).map(Param::Link),
            Some(b) => self.biases.with_untracked(|bs| bs.get(b).copied()).map(Param::Bias),
        }
    }

    /// Where a stop's tooltip and edit box go: its link's middle, or its bias's dot.
    pub fn place(&self, pos: usize) -> Option<(f32, f32)> {
        let p = self.param_of(pos)?;
        Some(self.geom.with_untracked(|g| match p {
            Param::Link(l) => g.middle(&l),
            Param::Bias(b) => {
                let (x, y, _) = g.bias_mark(b.layer + 1, b.neuron);
                (x, y)
            }
        }))
    }

    /// The keyboard stop of a weight or bias, found by its position among the stops.
    fn key_stop(&self, pos: usize) -> Option<web_sys::HtmlElement> {
        self.keys.get_untracked()?.children().item(pos as u32)?.dyn_into::<web_sys::HtmlElement>().ok()
    }

    /// Moves the keyboard focus (and the one stop Tab lands on) to a weight or bias.
    pub fn focus_stop(&self, pos: usize) {
        if let (Some(old), Some(new)) = (self.key_stop(self.current.get_value()), self.key_stop(pos)) {
            let _ = old.set_attribute("tabindex", "-1");
            let _ = new.set_attribute("tabindex", "0");
            self.current.set_value(pos);
            let _ = new.focus();
        }
    }
}

/// The value of a weight or bias in the shown network.
pub(super) fn value_of(st: &AppState, p: Param) -> f32 {
    st.session.with_value(|s| s.trainer().network().params().get(p.index()).copied().unwrap_or(0.0))
}

/// Where one of the diagram's narrow canvases lies, in device pixels of its body. The
/// diagram paints on one canvas per column of neurons and one per gap between columns:
/// the browser copies every changed canvas whole each frame, and one canvas over the
/// whole diagram (mostly empty, and changed somewhere every frame) cost three times the
/// pixels on a 4K screen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Strip {
    pub(super) x: usize,
    pub(super) y: usize,
    pub(super) w: usize,
    pub(super) h: usize,
}

impl Strip {
    /// Column `col`'s neurons: from the left of their biases' dots to the right of the
    /// neurons, from the first neuron's top to the last one's bottom.
    pub(super) fn neurons(g: &Geom, col: usize, neurons: usize, dpr: f32) -> Strip {
        let (_, _, r) = g.bias_mark(col, 0);
        // The widest dot: its largest radius and its thickest ring, and a pixel of blur.
        let left = ((g.x(col) - 2.0 * r - 2.0 - 4.0) * dpr).floor().max(0.0) as usize;
        let right = ((g.x(col) + g.node) * dpr).ceil() as usize;
        let top = (g.y(0) * dpr).floor() as usize;
        let bottom = ((g.y(neurons.max(1) - 1) + g.node) * dpr).ceil() as usize;
        Strip { x: left, y: top, w: right.saturating_sub(left).max(1), h: bottom.saturating_sub(top).max(1) }
    }

    /// The links between column `gap` and the next: from the right of the one to the left
    /// of the other, the body's whole height.
    pub(super) fn links(g: &Geom, gap: usize, dpr: f32) -> Strip {
        let left = ((g.x(gap) + g.node) * dpr).floor() as usize;
        let right = (g.x(gap + 1) * dpr).ceil() as usize;
        Strip { x: left, y: 0, w: right.saturating_sub(left).max(1), h: (g.size().1 * dpr).ceil().max(1.0) as usize }
    }

    /// Sizes and places `canvas` on the strip; true if its size changed (which also
    /// clears it).
    pub(super) fn fit(&self, canvas: &HtmlCanvasElement, dpr: f32) -> bool {
        let resized = canvas.width() != self.w as u32 || canvas.height() != self.h as u32;
        if resized {
            canvas.set_width(self.w as u32);
            canvas.set_height(self.h as u32);
        }
        let css = |v: usize| v as f32 / dpr;
        let style = format!("left:{}px;top:{}px;width:{}px;height:{}px", css(self.x), css(self.y), css(self.w), css(self.h));
        if canvas.get_attribute("style").as_deref() != Some(style.as_str()) {
            let _ = canvas.set_attribute("style", &style);
        }
        resized
    }
}

/// The holder's canvases, one per column of neurons: made or removed to match `count`.
pub(super) fn strip_canvases(holder: &web_sys::HtmlDivElement, count: usize) -> Vec<HtmlCanvasElement> {
    let children = holder.children();
    while children.length() as usize > count {
        if let Some(last) = children.item(children.length() - 1) {
            last.remove();
        }
    }
    while (children.length() as usize) < count {
        let Some(c) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.create_element("canvas").ok()) else { break };
        let _ = holder.append_child(&c);
    }
    (0..children.length()).filter_map(|i| children.item(i)?.dyn_into::<HtmlCanvasElement>().ok()).collect()
}

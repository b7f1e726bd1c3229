//! The neurons' canvases, above the links: every hidden and output neuron's heatmap and
//! every bias's dot, painted each frame. Each column of neurons has a canvas of its own, as
//! narrow and as tall as the column: the browser copies every changed canvas whole each
//! frame, and one canvas over the whole diagram (mostly empty between the columns) cost
//! three times the pixels on a 4K screen.

use super::context::{strip_canvases, watch_pictures, Diagram, Strip};
use super::geom::Geom;
use super::shape::BiasRef;
use crate::canvas::put_rgba;
use crate::frame::{hidden_activation, paint_neuron, sample_neuron};
use crate::state::{AppState, Session, GRID};
use leptos::html::Div;
use leptos::prelude::*;
use neuroplay::viz;

/// The neurons' canvases, one per column (the neurons' frames above them take the pointer).
#[component]
pub(super) fn NeuronsCanvas() -> impl IntoView {
    let st = AppState::get();
    let d = Diagram::get();
    let holder = NodeRef::<Div>::new();
    let mut thumbs = Thumbs::default();
    Effect::new(move |_| {
        watch_pictures(&st);
        let g = d.geom.get();
        let shown_bias = d.shown.get().and_then(|p| p.checked_sub(d.link_count()));
        let Some(holder) = holder.get() else { return };
        st.session.with_value(|s| {
            d.biases.with(|b| draw_thumbnails(&holder, &g, s, &mut thumbs, b, shown_bias));
        });
    });
    view! { <div class="thumbs" data-testid="neurons-canvas" node_ref=holder aria-hidden="true"></div> }
}

/// Buffers the neurons' painter reuses from frame to frame.
#[derive(Default)]
struct Thumbs {
    /// One column's canvas, RGBA.
    rgba: Vec<u8>,
    /// One neuron's activations at its thumbnail's pixels.
    column: Vec<f32>,
    /// One neuron's thumbnail, RGBA.
    thumb: Vec<u8>,
}

/// Paints every hidden and output neuron's heatmap at the size it is shown (one pixel
/// per screen pixel, sampled from the last evaluation of the grid), and the biases' dots,
/// into one image per column put on its canvas at once: a 13-pixel neuron costs 169 cells,
/// not the grid's 10,000.
fn draw_thumbnails(
    holder: &web_sys::HtmlDivElement,
    g: &Geom,
    s: &Session,
    buf: &mut Thumbs,
    biases: &[BiasRef],
    shown_bias: Option<usize>,
) {
    let dpr = crate::canvas::pixel_ratio() as f32;
    let t = ((g.node - 2.0) * dpr).round().max(1.0) as usize;
    let net = s.trainer().network();
    let Some((output, _, classify)) = s.output_of(s.shown) else { return };
    let canvases = strip_canvases(holder, net.layers().len());
    buf.thumb.resize(t * t * 4, 0);
    for ((l, layer), canvas) in net.layers().iter().enumerate().zip(&canvases) {
        let strip = Strip::neurons(g, l + 1, layer.outputs, dpr);
        strip.fit(canvas, dpr);
        buf.rgba.clear();
        buf.rgba.resize(strip.w * strip.h * 4, 0);
        let acts = net.inferred(l).as_slice();
        if acts.len() == GRID.n * GRID.n * layer.outputs {
            for j in 0..layer.outputs {
                sample_neuron(acts, layer.outputs, j, t, &mut buf.column);
                paint_neuron(&buf.column, hidden_activation(net, l), output, classify, j, &mut buf.thumb);
                // Inside the neuron's one-pixel frame.
                let x = (((g.x(l + 1) + 1.0) * dpr).round() as usize).saturating_sub(strip.x);
                let y = (((g.y(j) + 1.0) * dpr).round() as usize).saturating_sub(strip.y);
                if x + t > strip.w || y + t > strip.h {
                    continue;
                }
                for (row, line) in buf.thumb.chunks_exact(t * 4).enumerate() {
                    let at = ((y + row) * strip.w + x) * 4;
                    buf.rgba[at..at + t * 4].copy_from_slice(line);
                }
            }
        }
        let column_biases = biases.iter().enumerate().filter(|(_, b)| b.layer == l);
        stamp_biases(buf, strip, dpr, g, column_biases, net.params(), shown_bias);
        put_rgba(canvas, &buf.rgba, strip.w as u32, strip.h as u32);
    }
}

/// Stamps every bias as a dot beside its neuron into the neurons' image (no canvas
/// drawing call per dot: with 8 × 16 neurons that would be 129 fills and strokes a frame):
/// its colour is the bias's sign and size on the links' scale, its radius grows with its
/// size; the one under the pointer or the keyboard focus is ringed in blue.
fn stamp_biases<'a>(
    buf: &mut Thumbs,
    strip: Strip,
    dpr: f32,
    g: &Geom,
    biases: impl Iterator<Item = (usize, &'a BiasRef)>,
    params: &[f32],
    shown: Option<usize>,
) {
    for (pos, b) in biases {
        let v = params.get(b.index).copied().filter(|v| v.is_finite()).unwrap_or(0.0);
        let (cx, cy, r) = g.bias_mark(b.layer + 1, b.neuron);
        let radius = r * (0.55 + 0.45 * (v.abs() / 2.0).min(1.0));
        let (ring, edge) = if shown == Some(pos) { (3.0, [8, 119, 189]) } else { (1.0, [90, 90, 100]) };
        let fill = viz::diverging(v.clamp(-1.0, 1.0));
        let centre = (cx * dpr - strip.x as f32, cy * dpr - strip.y as f32);
        let dot = viz::Dot { centre, radius: radius * dpr, ring: ring * dpr, fill, edge };
        viz::stamp_dot(&mut buf.rgba, (strip.w, strip.h), dot);
    }
}

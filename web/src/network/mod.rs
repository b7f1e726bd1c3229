//! The network diagram: the input features, one column per hidden layer, the output.
//! Every neuron shows its own live heatmap; links show their weight by colour and width,
//! tell it on hover, and take a typed value on click; so do the neurons' biases, drawn as a
//! dot beside each neuron. During the backpropagation walk-through the step's numbers stand
//! on the diagram (on bigger networks, in a neuron's tooltip); with batch normalization each
//! hidden layer shows a bar where its sums are normalised.
//!
//! What changes every frame is painted, not rendered: the links on one canvas
//! ([`links`]) and every neuron's heatmap on another above it ([`neurons`]), by two
//! effects that follow the frame's pictures. The elements (neurons, the weights' keyboard
//! stops) are built once per shape of the network and carry no attribute that changes
//! while it trains; their positions come from a few CSS variables set on the diagram when
//! its size changes. The pieces share one [`context::Diagram`], and subscribe to the
//! page's changes only through its `watch_*` functions.

mod context;
mod editor;
mod geom;
mod keys;
mod layers;
mod links;
mod neurons;
mod nodes;
mod norm;
mod shape;
mod size;
mod walk_marks;

use context::Diagram;
use editor::{ParamEditor, ParamTooltip};
use keys::KeyStops;
pub use layers::HIDDEN_ACTIVATIONS;
use layers::{DiagramHead, LayerControls};
use leptos::html::Div;
use leptos::prelude::*;
use links::LinksCanvas;
use neurons::NeuronsCanvas;
use nodes::{FeatureColumn, NeuronFrames};
use norm::{BnBars, BnTip};
use walk_marks::{WalkMarks, WalkTip};

use crate::state::AppState;

/// The whole diagram.
#[component]
pub fn NetworkDiagram() -> impl IntoView {
    let st = AppState::get();
    let area = NodeRef::<Div>::new();
    let size = size::room(area);
    let d = Diagram::new(st, size);
    provide_context(d);
    // Everything below is built again when the shape changes.
    let body = move || {
        d.shape.track();
        view! {
            <DiagramHead />
            <KeyStops />
            <div class="diagram-body">
                <WalkMarks />
                <LinksCanvas />
                <NeuronsCanvas />
                <BnBars />
                <FeatureColumn />
                <NeuronFrames />
                <WalkTip />
                <BnTip />
                <ParamTooltip />
                <ParamEditor />
            </div>
        }
    };
    let vars = move || {
        let g = d.geom.get();
        let (w, h) = g.size();
        format!(
            "--x0:{}px;--colw:{}px;--node:{}px;--pitch:{}px;--pad:{}px;width:{w}px;--body-h:{h}px;--num:{}",
            g.x0,
            g.col_w,
            g.node,
            g.pitch,
            g.pad,
            g.num_scale()
        )
    };
    view! {
        <section class="panel network-panel" aria-label="Network">
            <LayerControls />
            <div class="diagram-area" node_ref=area>
                <div class="diagram" class:narrow=move || d.geom.with(|g| g.col_w < 96.0) style=vars>
                    {body}
                </div>
            </div>
        </section>
    }
}

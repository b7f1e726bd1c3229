//! The links' canvases, one per gap between columns: every weight as a curve whose colour
//! and width are its value, repainted each frame in the gaps where weights changed; the
//! pointer over them finds the link or bias dot it is on, tells it, and opens its edit box
//! on a click.

use super::context::{strip_canvases, watch_pictures, Diagram, Strip};
use super::geom::{bias_at, link_at, Geom};
use super::shape::LinkRef;
use crate::canvas::context;
use crate::state::AppState;
use leptos::html::Div;
use leptos::prelude::*;
use neuroplay::viz;
use wasm_bindgen::JsCast;

/// The links' canvases, below the neurons, in a layer that takes the pointer.
#[component]
pub(super) fn LinksCanvas() -> impl IntoView {
    let st = AppState::get();
    let d = Diagram::get();
    let canvas = NodeRef::<Div>::new();
    let mut drawn = LinksDrawn::default();
    Effect::new(move |_| {
        watch_pictures(&st);
        let g = d.geom.get();
        let shown = d.shown.get();
        let Some(c) = canvas.get() else { return };
        d.links.with(|links| {
            let shown = shown.filter(|p| *p < links.len());
            st.session.with_value(|s| draw_links(&c, &g, links, s.trainer().network().params(), shown, &mut drawn))
        });
    });
    let on_move = move |ev: leptos::ev::PointerEvent| {
        let over = canvas.get_untracked().and_then(|c| hit(&d, &c, &ev));
        if over != d.shown.get_untracked() {
            d.shown.set(over);
            if let Some(c) = canvas.get_untracked() {
                let _ = if over.is_some() { c.set_attribute("data-over", "") } else { c.remove_attribute("data-over") };
            }
        }
    };
    let on_click = move |ev: leptos::ev::PointerEvent| {
        if let Some(pos) = canvas.get_untracked().and_then(|c| hit(&d, &c, &ev)) {
            d.shown.set(Some(pos));
            d.editing.set(Some(pos));
        }
    };
    view! {
        <div
            class="links"
            data-testid="links-canvas"
            node_ref=canvas
            aria-hidden="true"
            on:pointermove=on_move
            on:pointerleave=move |_| d.shown.set(None)
            on:click=move |ev| on_click(ev.unchecked_into())
        ></div>
    }
}

/// The pointer over the links: which bias dot or link it is on, as a stop's position
/// (neurons lie above the links' layer and take their own events).
fn hit(d: &Diagram, layer: &web_sys::HtmlDivElement, ev: &leptos::ev::PointerEvent) -> Option<usize> {
    let tolerance: f32 = if ev.pointer_type() == "touch" { 12.0 } else { 5.0 };
    let at = layer.get_bounding_client_rect();
    let (x, y) = ((ev.client_x() as f64 - at.left()) as f32, (ev.client_y() as f64 - at.top()) as f32);
    let g = d.geom.get_untracked();
    if let Some(b) = d.biases.with_untracked(|b| bias_at(b, &g, x, y, tolerance / 2.0)) {
        return Some(d.link_count() + b);
    }
    d.links.with_untracked(|l| link_at(l, &g, x, y, tolerance))
}

/// The step of weight `w` that sets a link's colour and width (0.1 apart), so that links
/// of about the same weight are drawn as one path.
fn link_bucket(w: f32) -> i32 {
    if w.is_finite() {
        (w.clamp(-2.6, 2.6) * 10.0).round() as i32
    } else {
        0
    }
}

/// A step's colour (CSS) and line width (`scale` follows the neurons' size).
fn link_style(bucket: i32, scale: f32) -> (String, f64) {
    let w = bucket as f32 / 10.0;
    (viz::css(viz::diverging(w.clamp(-1.0, 1.0))), ((0.5 + 2.5 * w.abs()).min(7.0) * scale) as f64)
}

/// Links redrawn per frame at most, beyond those the pointer or the focus changed: wide
/// anti-aliased curves are the costliest thing the browser draws here (≈ 8 µs each in
/// software), so with thousands of links the gaps between columns take turns (with 8 × 16
/// each is redrawn about every sixth frame, ten times a second), and with a few hundred
/// every change is drawn at once.
const LINK_BUDGET: usize = 384;

/// What the links' canvas shows, to redraw only the gaps between columns whose links
/// changed.
#[derive(Default)]
struct LinksDrawn {
    /// Each link's colour-and-width step as drawn.
    buckets: Vec<i32>,
    geom: Option<Geom>,
    shown: Option<usize>,
    /// The gap to look at first next time (the turns go round).
    next_gap: usize,
    /// Scratch: (step, position) of the links being redrawn, sorted by step.
    order: Vec<(i32, u32)>,
    /// Scratch: which gaps between columns to redraw.
    dirty: Vec<bool>,
    /// Scratch: each gap's links changed since drawn, and how many links it has.
    changed: Vec<(bool, usize)>,
}

/// The gap between columns a link crosses.
fn gap_of(l: &LinkRef, gaps: usize) -> usize {
    l.layer.min(gaps - 1)
}

impl LinksDrawn {
    /// Chooses what to redraw: the gaps whose links changed their step since drawn (taking
    /// turns within [`LINK_BUDGET`]; all after a resize or a new shape), and those where the
    /// link shown changed. Notes their links' new steps and lists them in `order`, sorted
    /// by step; false if there is nothing to draw.
    fn plan(&mut self, g: &Geom, links: &[LinkRef], params: &[f32], shown: Option<usize>, resized: bool) -> bool {
        let gaps = g.cols - 1;
        let all = resized || self.geom != Some(*g) || self.buckets.len() != links.len();
        if all {
            self.buckets.clear();
            self.buckets.resize(links.len(), i32::MIN);
        }
        self.changed.clear();
        self.changed.resize(gaps, (false, 0));
        for (link, old) in links.iter().zip(&self.buckets) {
            let gap = &mut self.changed[gap_of(link, gaps)];
            gap.1 += 1;
            gap.0 |= link_bucket(params.get(link.index).copied().unwrap_or(0.0)) != *old;
        }
        self.dirty.clear();
        self.dirty.resize(gaps, false);
        if self.shown != shown {
            for p in [self.shown, shown].into_iter().flatten() {
                if let Some(l) = links.get(p) {
                    self.dirty[gap_of(l, gaps)] = true;
                }
            }
        }
        let mut budget = LINK_BUDGET;
        let first = self.next_gap;
        for k in 0..gaps {
            let gap = (first + k) % gaps;
            let (changed, count) = self.changed[gap];
            if changed && (all || count <= budget || budget == LINK_BUDGET) {
                self.dirty[gap] = true;
                budget = budget.saturating_sub(count);
                self.next_gap = (gap + 1) % gaps;
            }
        }
        for (link, b) in links.iter().zip(self.buckets.iter_mut()) {
            if self.dirty[gap_of(link, gaps)] {
                *b = link_bucket(params.get(link.index).copied().unwrap_or(0.0));
            }
        }
        self.geom = Some(*g);
        self.shown = shown;
        let dirty = &self.dirty;
        self.order.clear();
        self.order.extend(links.iter().enumerate().filter(|(_, l)| dirty[gap_of(l, gaps)]).map(|(pos, _)| (self.buckets[pos], pos as u32)));
        self.order.sort_unstable();
        !self.order.is_empty()
    }
}

/// Draws the links whose look changed since they were drawn: the gaps between columns that
/// hold one are cleared and redrawn on their canvases (within [`LINK_BUDGET`]), one path
/// per colour and width. The link under the pointer or the keyboard focus is drawn again on
/// top, outlined.
fn draw_links(layer: &web_sys::HtmlDivElement, g: &Geom, links: &[LinkRef], params: &[f32], shown: Option<usize>, drawn: &mut LinksDrawn) {
    let dpr = crate::canvas::pixel_ratio();
    let gaps = g.cols - 1;
    let canvases = strip_canvases(layer, gaps);
    let strips: Vec<Strip> = (0..gaps).map(|gap| Strip::links(g, gap, dpr as f32)).collect();
    // Every strip is placed (and sized) each frame; a new size clears it, so all are redrawn.
    let resized = canvases.iter().zip(&strips).fold(false, |any, (c, s)| s.fit(c, dpr as f32) | any);
    if !drawn.plan(g, links, params, shown, resized) {
        return;
    }
    let scale = (g.node / 36.0).clamp(0.6, 1.6);
    for (gap, _) in drawn.dirty.iter().enumerate().filter(|(_, d)| **d) {
        let (Some(canvas), Some(strip)) = (canvases.get(gap), strips.get(gap)) else { continue };
        let Some(ctx) = context(canvas) else { continue };
        let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
        ctx.clear_rect(0.0, 0.0, strip.w as f64, strip.h as f64);
        // The strip's context draws in the body's CSS pixels.
        let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, -(strip.x as f64), -(strip.y as f64));
        let curve = |l: &LinkRef| {
            let (x0, y0, x1, y1) = g.ends(l);
            let xm = (x0 + x1) / 2.0;
            ctx.move_to(x0 as f64, y0 as f64);
            ctx.bezier_curve_to(xm as f64, y0 as f64, xm as f64, y1 as f64, x1 as f64, y1 as f64);
        };
        // A link starts and ends level (with a butt cap), so it stays inside its gap.
        let mine = drawn.order.iter().filter(|(_, pos)| gap_of(&links[*pos as usize], gaps) == gap);
        let mut group: Option<i32> = None;
        for &(bucket, pos) in mine {
            if group != Some(bucket) {
                if let Some(b) = group {
                    stroke(&ctx, b, scale);
                }
                ctx.begin_path();
                group = Some(bucket);
            }
            curve(&links[pos as usize]);
        }
        if let Some(b) = group {
            stroke(&ctx, b, scale);
        }
        if let Some(link) = shown.and_then(|p| links.get(p)).filter(|l| gap_of(l, gaps) == gap) {
            let (colour, width) = link_style(drawn.buckets[shown.unwrap_or(0)], scale);
            ctx.begin_path();
            curve(link);
            ctx.set_stroke_style_str("rgba(8,119,189,0.45)");
            ctx.set_line_width(width + 6.0);
            ctx.stroke();
            ctx.set_stroke_style_str(&colour);
            ctx.set_line_width(width.max(2.0));
            ctx.stroke();
        }
    }
}

/// Strokes the path built so far in the look of step `bucket`.
fn stroke(ctx: &web_sys::CanvasRenderingContext2d, bucket: i32, scale: f32) {
    let (colour, width) = link_style(bucket, scale);
    ctx.set_stroke_style_str(&colour);
    ctx.set_line_width(width);
    ctx.stroke();
}

#[cfg(test)]
mod tests {
    use super::{LinkRef, LinksDrawn, LINK_BUDGET};
    use crate::network::geom::Geom;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// `per_gap` links in each of the gaps of a diagram with `cols` columns, each its own weight.
    fn links(cols: usize, per_gap: usize) -> Vec<LinkRef> {
        (0..cols - 1)
            .flat_map(|layer| (0..per_gap).map(move |k| LinkRef { layer, from: k, from_row: k % 4, to: 0, index: layer * per_gap + k }))
            .collect()
    }

    fn gaps(drawn: &LinksDrawn) -> Vec<usize> {
        drawn.dirty.iter().enumerate().filter(|(_, d)| **d).map(|(g, _)| g).collect()
    }

    #[test]
    fn only_the_gaps_whose_links_changed_or_were_pointed_at_are_redrawn() {
        let g = Geom::fit(4, 4, 600.0, 400.0, 60.0, Geom::LEAST_NODE);
        let links = links(4, 6);
        let mut params = vec![0.5f32; links.len()];
        let mut drawn = LinksDrawn::default();
        assert!(drawn.plan(&g, &links, &params, None, true));
        assert_eq!(gaps(&drawn), [0, 1, 2], "everything at first");
        assert_eq!(drawn.order.len(), links.len());
        assert!(!drawn.plan(&g, &links, &params, None, false), "nothing changed");
        params[7] = -0.5;
        params[8] = 0.51;
        assert!(drawn.plan(&g, &links, &params, None, false));
        assert_eq!(gaps(&drawn), [1], "the changed weight's gap (a change within its step draws nothing)");
        assert!(drawn.order.windows(2).all(|w| w[0].0 <= w[1].0), "grouped by step");
        assert!(drawn.plan(&g, &links, &params, Some(13), false));
        assert_eq!(gaps(&drawn), [2], "the pointed link's gap");
        assert!(drawn.plan(&g, &links, &params, None, false));
        assert_eq!(gaps(&drawn), [2], "and again when the pointer leaves it");
    }

    #[test]
    fn with_many_links_the_gaps_take_turns_within_the_budget() {
        let g = Geom::fit(4, 4, 600.0, 400.0, 60.0, Geom::LEAST_NODE);
        let links = links(4, LINK_BUDGET * 3 / 4);
        let mut drawn = LinksDrawn::default();
        drawn.plan(&g, &links, &vec![0.0; links.len()], None, true);
        let params = vec![1.0f32; links.len()];
        let turns: Vec<_> = (0..4).map(|_| (drawn.plan(&g, &links, &params, None, false), gaps(&drawn))).collect();
        assert_eq!(turns, [(true, vec![0]), (true, vec![1]), (true, vec![2]), (false, vec![])]);
    }
}

//! The decision boundary (or a hovered neuron) as a heatmap, the points on top, and what a
//! click or a touch on it does.

use crate::canvas::{context, put_rgba};
use crate::frame::{paint_neuron_large, paint_output};
use crate::state::{AppState, Redraw, GRID};
use leptos::html::Canvas;
use leptos::prelude::*;
use neuroplay::data::DOMAIN;
use neuroplay::lessons::View;
use neuroplay::viz;
use wasm_bindgen::JsCast;

/// Side in canvas pixels of the points' layer (CSS scales it to the plot's size).
const DOTS: f64 = 800.0;
/// A touch held this long removes the nearest point instead of adding one.
const LONG_PRESS_MS: i32 = 500;

/// The plot: the heatmap, the points over it, and the axes' ticks.
#[component]
pub fn BoundaryPlot() -> impl IntoView {
    let st = AppState::get();
    let heat = NodeRef::<Canvas>::new();
    let dots = NodeRef::<Canvas>::new();
    paint_heat(st, heat);
    paint_points(st, dots);
    let touch = Touch::new(st, dots);
    view! {
        <div class="boundary-wrap">
            <div class="boundary">
                <canvas
                    class="heat"
                    node_ref=heat
                    width=GRID.n
                    height=GRID.n
                    data-testid="boundary"
                    aria-label="Decision boundary: the network's output over the plane"
                ></canvas>
                <canvas
                    class="dots"
                    node_ref=dots
                    width=DOTS as u32
                    height=DOTS as u32
                    data-testid="data-plot"
                    title="Click or tap: add a point · Shift-click, right-click or a long press: remove the nearest"
                    on:pointerdown=move |ev| touch.down(&ev)
                    on:pointerup=move |ev| touch.up(&ev)
                    on:pointermove=move |ev| touch.moved(&ev)
                    on:pointercancel=move |_| touch.cancel()
                    on:contextmenu=move |ev| ev.prevent_default()
                ></canvas>
                <AxisTicks />
            </div>
        </div>
    }
}

/// Paints the shown run's prediction, or the hovered neuron large, when its picture changes.
fn paint_heat(st: AppState, heat: NodeRef<Canvas>) {
    let mut buf = vec![0u8; GRID.n * GRID.n * 4];
    let mut column = Vec::new();
    Effect::new(move |_| {
        st.watch(Redraw::Pictures);
        let discretize = st.view.with(|v| v.discretize);
        let hover = st.hover.get();
        let Some(c) = heat.get() else { return };
        st.session.with_value(|s| {
            let neuron = hover.is_some_and(|(l, j)| paint_neuron_large(s, l, j, &mut column, &mut buf));
            if !neuron {
                paint_output(s, s.shown, discretize, &mut buf);
            }
            put_rgba(&c, &buf, GRID.n as u32, GRID.n as u32);
        });
    });
}

/// Draws the training points (and the test points when shown) when the points change.
fn paint_points(st: AppState, dots: NodeRef<Canvas>) {
    Effect::new(move |_| {
        st.watch(Redraw::Points);
        let show_test = st.view.with(|v| v.show_test);
        let Some(c) = dots.get() else { return };
        let Some(ctx) = context(&c) else { return };
        let size = c.width() as f64;
        ctx.clear_rect(0.0, 0.0, size, size);
        let classes = st.settings.with_untracked(|s| s.problem().classes());
        st.session.with_value(|s| {
            draw_points(&ctx, size, size / 110.0, &s.train_points, classes, false);
            if show_test {
                draw_points(&ctx, size, size / 110.0, &s.test_points, classes, true);
            }
        });
    });
}

/// Draws points as discs of `radius` on a square canvas `size` pixels wide: in their
/// class's colour, ringed in white (training) or in black (test), the ring a sixth of the
/// radius (a quarter for test points).
pub fn draw_points(
    ctx: &web_sys::CanvasRenderingContext2d,
    size: f64,
    radius: f64,
    points: &[neuroplay::data::Point],
    classes: usize,
    test: bool,
) {
    for p in points {
        let (x, y) = viz::to_pixel(p.x1, p.x2, size as f32);
        ctx.begin_path();
        let _ = ctx.arc(x as f64, y as f64, radius, 0.0, std::f64::consts::TAU);
        ctx.set_fill_style_str(&viz::css(viz::point_colour(p.label, classes)));
        ctx.fill();
        ctx.set_stroke_style_str(if test { "#111" } else { "#fff" });
        ctx.set_line_width(if test { 0.27 } else { 0.17 } * radius);
        ctx.stroke();
    }
}

/// The pointer on the plot. A mouse click adds a point (shift or the right button removes
/// the nearest); a tap adds one, a long press removes the nearest, and moving the finger
/// away (to scroll) does neither. During the walk-through a click picks the point to walk.
#[derive(Clone, Copy)]
struct Touch {
    st: AppState,
    dots: NodeRef<Canvas>,
    /// The long press's timer and where it started.
    press: StoredValue<Option<(i32, i32, i32)>>,
}

impl Touch {
    fn new(st: AppState, dots: NodeRef<Canvas>) -> Touch {
        Touch { st, dots, press: StoredValue::new(None) }
    }

    /// Where on the plane a pointer event is.
    fn at(self, ev: &leptos::ev::PointerEvent) -> Option<(f32, f32)> {
        let c = self.dots.get_untracked()?;
        let (w, cw) = (c.width() as f32, c.client_width().max(1) as f32);
        Some(viz::from_pixel(ev.offset_x() as f32 * w / cw, ev.offset_y() as f32 * w / cw, w))
    }

    fn cancel(self) {
        if let Some((timer, _, _)) = self.press.get_value() {
            window().clear_timeout_with_handle(timer);
            self.press.set_value(None);
        }
    }

    fn down(self, ev: &leptos::ev::PointerEvent) {
        let Some((x1, x2)) = self.at(ev) else { return };
        let st = self.st;
        if st.is_open(View::Walk) {
            st.walk_nearest(x1, x2);
            return;
        }
        if ev.pointer_type() == "mouse" {
            if ev.shift_key() || ev.button() == 2 {
                st.remove_point(x1, x2);
            } else if ev.button() == 0 {
                st.add_point(x1, x2);
            }
            return;
        }
        self.cancel();
        let press = self.press;
        let long = wasm_bindgen::closure::Closure::once_into_js(move || {
            if press.get_value().is_some() {
                press.set_value(None);
                st.remove_point(x1, x2);
            }
        });
        if let Ok(timer) = window().set_timeout_with_callback_and_timeout_and_arguments_0(long.unchecked_ref(), LONG_PRESS_MS) {
            press.set_value(Some((timer, ev.client_x(), ev.client_y())));
        }
    }

    fn up(self, ev: &leptos::ev::PointerEvent) {
        if self.press.get_value().is_some() {
            self.cancel();
            if let Some((x1, x2)) = self.at(ev) {
                self.st.add_point(x1, x2);
            }
        }
    }

    fn moved(self, ev: &leptos::ev::PointerEvent) {
        if let Some((_, x, y)) = self.press.get_value() {
            if (ev.client_x() - x).abs() + (ev.client_y() - y).abs() > 12 {
                self.cancel();
            }
        }
    }
}

/// The axes' ticks; imported data is labelled in its own units.
#[component]
fn AxisTicks() -> impl IntoView {
    let st = AppState::get();
    move || {
        let custom = st.settings.with(|s| s.custom.clone().filter(|_| s.dataset == neuroplay::data::DatasetKind::Custom));
        // Each axis's ticks as (place along it in %, label): round values in the data's
        // own units, none so near an end that its label would be cut.
        let axis = |k: usize| -> Vec<(f32, String)> {
            let Some(c) = &custom else {
                return [-DOMAIN, -DOMAIN / 2.0, 0.0, DOMAIN / 2.0, DOMAIN]
                    .map(|t| ((t + DOMAIN) / (2.0 * DOMAIN) * 100.0, format!("{t}")))
                    .to_vec();
            };
            let reach = neuroplay::formats::csv::PLOT_REACH;
            let (lo, hi) = (c.inputs[k].unscale(-DOMAIN, reach), c.inputs[k].unscale(DOMAIN, reach));
            viz::nice_ticks(lo, hi, 4)
                .into_iter()
                .map(|(v, text)| ((v - lo) / (hi - lo) * 100.0, text))
                .filter(|(p, _)| (2.0..=98.0).contains(p))
                .collect()
        };
        let xs = axis(0).into_iter().map(|(p, t)| view! { <span class="tick x" style:left=format!("{p}%")>{t}</span> });
        // The y axis's end labels lean inwards: the lowest clears the x axis's first label in
        // the corner, the highest the figures above the plot.
        let lean = |p: f32| match p {
            p if p < 1.0 => "translateY(-100%)",
            p if p > 99.0 => "translateY(0)",
            _ => "translateY(-50%)",
        };
        let ys = axis(1)
            .into_iter()
            .map(|(p, t)| view! { <span class="tick y" style:top=format!("{}%", 100.0 - p) style:transform=lean(p)>{t}</span> });
        (xs.collect_view(), ys.collect_view())
    }
}

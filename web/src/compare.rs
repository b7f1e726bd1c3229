//! Runs side by side: the comparison typed or picked, then each run's small decision
//! boundary, what sets it apart and its figures. The runs start from the same weights and
//! train in lock-step; a click on a run shows it in the playground.

use super::canvas::{context, put_rgba};
use super::frame::paint_output;
use super::output::{draw_points, fmt_loss, label_settings};
use super::state::{AppState, Redraw, GRID, RUN_COLOURS};
use leptos::html::Canvas;
use leptos::prelude::*;
use neuroplay::viz;

/// The comparison in the settings string, typed or picked from the table's examples.
#[component]
fn CompareInput() -> impl IntoView {
    let st = AppState::get();
    let current = Memo::new(move |_| st.settings.with(|s| s.get("compare")).unwrap_or_default());
    let presets = neuroplay::config::key("compare").map_or(&[][..], |k| k.presets);
    view! {
        <div class="compare-input">
            <label for="ctl-compare" class="control-label">"Compare"</label>
            <input
                id="ctl-compare"
                data-testid="compare-input"
                list="compare-presets"
                placeholder="e.g. optimizer:sgd,momentum,adam"
                prop:value=move || current.get()
                on:change=move |ev| st.set_setting("compare", event_target_value(&ev).trim())
            />
            <datalist id="compare-presets">
                {presets.iter().map(|p| view! { <option value=*p></option> }).collect_view()}
            </datalist>
            <Show when=move || !current.with(String::is_empty)>
                <button class="small" data-testid="compare-clear" on:click=move |_| st.set_setting("compare", "")>
                    "One run"
                </button>
            </Show>
        </div>
    }
}

/// Side in canvas pixels of a run's points layer (CSS scales it to the boundary's size).
const RUN_DOTS: u32 = 640;

/// Run `k`'s boundary, painted from its own network's predictions, and the training
/// points on a layer of their own above it, drawn when they change (sharp at any size;
/// dotted into the 100-cell grid they were squares the size of a cell).
#[component]
fn RunBoundary(k: usize) -> impl IntoView {
    let st = AppState::get();
    let canvas = NodeRef::<Canvas>::new();
    let dots = NodeRef::<Canvas>::new();
    let mut buf = vec![0u8; GRID.n * GRID.n * 4];
    let painted = StoredValue::new(u64::MAX);
    Effect::new(move |_| {
        st.watch(Redraw::Runs);
        st.watch(Redraw::Pictures);
        let shown = st.shown_run.get() == k;
        // Another run's buffer changes only with its own redraw (a few times a second while
        // training); the shown run's every frame.
        let version = st.version(Redraw::Runs);
        if !shown && painted.get_value() == version {
            return;
        }
        painted.set_value(version);
        let Some(c) = canvas.get() else { return };
        let discretize = st.view.with_untracked(|v| v.discretize);
        st.session.with_value(|s| {
            if paint_output(s, k, discretize, &mut buf) {
                put_rgba(&c, &buf, GRID.n as u32, GRID.n as u32);
            }
        });
    });
    // The side the points are shown at: a point's radius is a 55th of it, between 1.5 and
    // 5 CSS pixels, whatever the layer's scale (nothing is drawn before it is measured).
    let side = crate::resize::watched(dots, 0, |c| c.client_width().min(c.client_height()));
    Effect::new(move |_| {
        st.watch(Redraw::Points);
        let shown = side.get();
        let Some(c) = dots.get().filter(|_| shown > 0) else { return };
        let Some(ctx) = context(&c) else { return };
        let size = RUN_DOTS as f64;
        ctx.clear_rect(0.0, 0.0, size, size);
        let radius = (shown as f64 / 55.0).clamp(1.5, 5.0) * size / (shown.max(1) as f64);
        let classes = st.settings.with_untracked(|s| s.problem().classes());
        st.session.with_value(|s| draw_points(&ctx, size, radius, &s.train_points, classes, false));
    });
    view! {
        <div class="run-plot">
            <canvas
                node_ref=canvas
                class="run-boundary"
                width=GRID.n.to_string()
                height=GRID.n.to_string()
                aria-label=format!("Run {}'s decision boundary", k + 1)
            ></canvas>
            <canvas node_ref=dots class="run-dots" width=RUN_DOTS height=RUN_DOTS aria-hidden="true"></canvas>
        </div>
    }
}

/// One run's panel: its colour, label, boundary and figures; a click shows it in the
/// playground.
#[component]
fn RunPanel(k: usize) -> impl IntoView {
    let st = AppState::get();
    let stats = Memo::new(move |_| st.runs.with(|r| r.get(k).map(|f| f.stats)));
    let label = Memo::new(move |_| st.runs.with(|r| r.get(k).map(|f| f.label.clone()).unwrap_or_default()));
    let shown = Memo::new(move |_| st.shown_run.get() == k);
    let colour = viz::css(RUN_COLOURS[k % RUN_COLOURS.len()]);
    let status = move || {
        stats.get().map_or(String::new(), |s| {
            if s.diverged {
                format!("diverged at epoch {}", s.epoch)
            } else if s.stopped_early {
                // The stop, then the epoch whose weights are back (the figures are that one's).
                match st.runs.with(|r| r.get(k).and_then(|f| f.history.early_stop())) {
                    Some((stop, best)) => format!("stopped at epoch {stop}; epoch {best}'s weights back"),
                    None => format!("stopped early; epoch {}'s weights back", s.epoch),
                }
            } else {
                format!("epoch {}", s.epoch)
            }
        })
    };
    let accuracy = move || stats.get().and_then(|s| s.test_accuracy).map(|a| format!("{:.1}%", a * 100.0));
    view! {
        <article class="run-panel" class:shown=move || shown.get() class:diverged=move || stats.get().is_some_and(|s| s.diverged) data-testid=format!("run-{k}")>
            <header style=format!("border-color:{colour}")>
                <span class="swatch" style=format!("background:{colour}")></span>
                // Each setting whole on its line: "optimizer=adagrad, lr=0.03" wraps at the
                // comma, or after "=" where a setting is wider than the run.
                <span class="run-name" data-testid=format!("run-{k}-label")>
                    {move || {
                        let label = label.get();
                        let parts = label_settings(&label);
                        let last = parts.len().saturating_sub(1);
                        parts
                            .into_iter()
                            .enumerate()
                            .map(|(i, (key, value))| {
                                let (key, value) = (key.map_or(String::new(), |k| format!("{k}=")), value.to_string());
                                // The run's number stays with its first setting.
                                let key = if i == 0 { format!("{} · {key}", k + 1) } else { key };
                                let (comma, space) = if i < last { (",", " ") } else { ("", "") };
                                view! {
                                    <span class="run-setting">{key}<wbr />{value}{comma}</span>
                                    {space}
                                }
                            })
                            .collect_view()
                    }}
                </span>
            </header>
            <RunBoundary k=k />
            <dl class="run-figures">
                <dt>"Test loss"</dt>
                <dd data-testid=format!("run-{k}-loss")>{move || stats.get().map_or("—".into(), |s| fmt_loss(s.test_loss))}</dd>
                <Show when=move || stats.get().is_some_and(|s| s.val_loss.is_some())>
                    <dt>"Validation loss"</dt>
                    <dd data-testid=format!("run-{k}-val")>{move || stats.get().and_then(|s| s.val_loss).map_or("—".into(), fmt_loss)}</dd>
                </Show>
                <dt>"Training loss"</dt>
                <dd>{move || stats.get().map_or("—".into(), |s| fmt_loss(s.train_loss))}</dd>
                <Show when=move || accuracy().is_some()>
                    <dt>"Test accuracy"</dt>
                    <dd>{accuracy}</dd>
                </Show>
            </dl>
            <p class="run-status" data-testid=format!("run-{k}-status")>{status}</p>
            <button
                class="small"
                data-testid=format!("run-{k}-show")
                aria-pressed=move || shown.get().to_string()
                on:click=move |_| st.show_run(k)
            >
                {move || if shown.get() { "In the playground" } else { "Show in the playground" }}
            </button>
        </article>
    }
}

/// The comparison: its input and, when there is one, every run side by side.
#[component]
pub fn ComparePanel() -> impl IntoView {
    let st = AppState::get();
    let count = Memo::new(move |_| st.runs.with(Vec::len));
    view! {
        <section class="panel compare-panel" aria-label="Runs side by side" data-testid="compare">
            <h2>"Runs side by side"</h2>
            <CompareInput />
            <Show
                when=move || { count.get() > 0 }
                fallback=|| {
                    view! {
                        <p class="hint">
                            "Pick or type a comparison (key:values, e.g. optimizer:sgd,momentum,adam) to train 2 to 6 runs from the same starting weights, in lock-step, on the same data."
                        </p>
                    }
                }
            >
                <p class="hint">
                    "Every run starts from the same weights and trains in lock-step: the loss chart holds each run's curve (test loss bold — validation loss when there is a validation set — and training loss faint)."
                </p>
                <div class="run-grid">
                    <For each=move || 0..count.get() key=|k| *k let:k>
                        <RunPanel k=k />
                    </For>
                </div>
            </Show>
        </section>
    }
}

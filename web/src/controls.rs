//! The training bar: play controls, the epoch counter, speed, and every hyper-parameter.

use super::state::{AppState, Speed};
use leptos::prelude::*;
use neuroplay::config::{self, InitKind, RegKind, ScheduleKind};

/// A labelled drop-down bound to one settings key. Its label and choices come from the
/// settings table (named values, or the numbers it suggests) unless given; a value the
/// list lacks (from a link) is shown as an extra choice rather than hidden.
#[component]
pub fn SettingSelect(
    /// The settings key this control edits.
    key: &'static str,
    /// The visible label (the table's when not given).
    #[prop(optional)]
    label: Option<&'static str>,
    /// `(value, text)` choices (the table's when not given).
    #[prop(optional)]
    options: Option<Vec<(String, String)>>,
    /// The `data-testid` (the key when not given).
    #[prop(optional)]
    testid: Option<&'static str>,
    /// Hidden in presentation mode.
    #[prop(optional)]
    advanced: bool,
) -> impl IntoView {
    let st = AppState::get();
    let row = config::key(key);
    let label = label.or(row.map(|k| k.label)).unwrap_or(key);
    let options = options.unwrap_or_else(|| {
        let Some(k) = row else { return Vec::new() };
        let named = (k.choices)();
        if named.is_empty() {
            k.presets.iter().map(|v| (v.to_string(), v.to_string())).collect()
        } else {
            named.into_iter().map(|(v, t)| (v.to_string(), t.to_string())).collect()
        }
    });
    // While runs are compared, a key they vary shows run 1's value: what run 1 uses.
    let current = Memo::new(move |_| st.settings.with(|s| shown_value(s, key)).unwrap_or_default());
    let id = format!("ctl-{key}");
    let label_for = id.clone();
    let known: Vec<String> = options.iter().map(|(v, _)| v.clone()).collect();
    view! {
        <label class="control" class:advanced=advanced for=label_for>
            // A Greek symbol's name (β₁) keeps its case: capitals made it "B₁".
            <span class="control-label" class:symbol=label.starts_with(|c: char| ('α'..='ω').contains(&c))>{label}</span>
            <select
                id=id
                data-testid=testid.unwrap_or(key)
                on:change=move |ev| st.set_setting(key, &event_target_value(&ev))
                prop:value=move || current.get()
            >
                {options
                    .into_iter()
                    .map(|(v, t)| {
                        let v2 = v.clone();
                        view! { <option value=v selected=move || current.get() == v2>{t}</option> }
                    })
                    .collect_view()}
                {move || {
                    let c = current.get();
                    (!known.contains(&c)).then(|| view! { <option value=c.clone() selected=true>{c.clone()}</option> })
                }}
            </select>
        </label>
    }
}

/// A key's value as the controls show it: run 1's while a comparison varies the key.
fn shown_value(s: &neuroplay::config::Settings, key: &str) -> Option<String> {
    match s.compare.iter().find(|g| g.key == key) {
        Some(_) => s.runs().ok()?.first()?.settings.get(key),
        None => s.get(key),
    }
}

const ICON_PLAY: &str = "M8 5v14l11-7z";
const ICON_PAUSE: &str = "M6 5h4v14H6zM14 5h4v14h-4z";
const ICON_STEP: &str = "M6 5v14l9-7zM16 5h3v14h-3z";
const ICON_RESET: &str = "M12 5V2L7 6l5 4V7a5 5 0 1 1-5 5H5a7 7 0 1 0 7-7z";
const ICON_DICE: &str = "M5 3h14a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm2.5 3a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm9 9a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm-4.5-4.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z";

/// A 24×24 icon drawn from one SVG path, in the text colour.
#[component]
fn Icon(
    /// The SVG path data.
    path: &'static str,
) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
            <path d=path fill="currentColor"></path>
        </svg>
    }
}

/// Reset, play/pause and one step.
#[component]
pub fn PlayControls() -> impl IntoView {
    let st = AppState::get();
    view! {
        <div class="play-controls">
            <button class="round" data-testid="reset" title="Reset the network (r)" aria-label="Reset the network" on:click=move |_| st.reset()>
                <Icon path=ICON_RESET />
            </button>
            <button
                class="round play"
                data-testid="play"
                title="Play or pause (space)"
                aria-label=move || if st.running.get() { "Pause training" } else { "Start training" }
                aria-pressed=move || st.running.get().to_string()
                on:click=move |_| st.toggle_play()
            >
                {move || if st.running.get() { view! { <Icon path=ICON_PAUSE /> } } else { view! { <Icon path=ICON_PLAY /> } }}
            </button>
            <button class="round" data-testid="step" title="Train one epoch (→)" aria-label="Train one epoch" on:click=move |_| st.step()>
                <Icon path=ICON_STEP />
            </button>
        </div>
    }
}

/// Digits grouped by thousands: 12,345.
pub fn grouped(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The epoch counter.
#[component]
pub fn EpochCounter() -> impl IntoView {
    let st = AppState::get();
    view! {
        <div class="readout">
            <span class="control-label">"Epoch"</span>
            <span class="big-number" data-testid="epoch" aria-live="off">
                {move || grouped(st.stats.get().epoch)}
            </span>
        </div>
    }
}

/// Where training pauses by itself ("run to 200 and stop"): the `until` key.
#[component]
pub fn UntilControl() -> impl IntoView {
    let presets = config::key("until").map_or(&[][..], |k| k.presets);
    let options = std::iter::once((String::new(), "never".to_string()))
        .chain(presets.iter().map(|v| (v.to_string(), format!("epoch {v}"))))
        .collect();
    view! { <SettingSelect key="until" label="Pause at" options testid="until" /> }
}

/// Epochs per frame, from slow motion to as fast as the machine allows.
#[component]
pub fn SpeedControl() -> impl IntoView {
    let st = AppState::get();
    view! {
        <label class="control" for="ctl-speed">
            <span class="control-label">"Speed"</span>
            <select
                id="ctl-speed"
                data-testid="speed"
                on:change=move |ev| {
                    if let Some(s) = Speed::from_key(&event_target_value(&ev)) {
                        st.speed.set(s)
                    }
                }
                prop:value=move || st.speed.get().key()
            >
                {Speed::ALL
                    .into_iter()
                    .map(|sp| view! { <option value=sp.key() selected=move || st.speed.get() == sp>{sp.label()}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

/// The optimizer, the hyper-parameters its file declares, and the learning rate (live).
#[component]
pub fn OptimizerControls() -> impl IntoView {
    let st = AppState::get();
    let uses = Memo::new(move |_| st.settings.with(|s| s.optimizer.hyperparameters()));
    view! {
        <SettingSelect key="lr" testid="learning-rate" />
        <SettingSelect key="optimizer" />
        {move || uses.get().iter().map(|&key| view! { <SettingSelect key /> }).collect_view()}
    }
}

/// Schedule, loss, regularisation, dropout, initialisation and seed.
#[component]
pub fn MoreControls() -> impl IntoView {
    let st = AppState::get();
    let schedule = Memo::new(move |_| st.settings.with(|s| s.schedule));
    let reg = Memo::new(move |_| st.settings.with(|s| s.reg));
    let init = Memo::new(move |_| st.settings.with(|s| s.init));
    view! {
        <SettingSelect key="schedule" advanced=true />
        <Show when=move || matches!(schedule.get(), ScheduleKind::Step | ScheduleKind::Exp)>
            <SettingSelect key="decay" advanced=true />
            <SettingSelect key="decayEvery" advanced=true />
        </Show>
        <Show when=move || matches!(schedule.get(), ScheduleKind::Cosine | ScheduleKind::Cyclic)>
            <SettingSelect key="period" advanced=true />
            <SettingSelect key="lrMin" advanced=true />
        </Show>
        <SettingSelect key="loss" advanced=true />
        <SettingSelect key="reg" testid="regularization" advanced=true />
        <Show when=move || reg.get() != RegKind::None>
            <SettingSelect key="regRate" testid="reg-rate" advanced=true />
        </Show>
        <Show when=move || reg.get() == RegKind::Elastic>
            <SettingSelect key="l1Ratio" advanced=true />
        </Show>
        <SettingSelect key="dropout" advanced=true />
        <SettingSelect key="init" advanced=true />
        <Show when=move || init.get() == InitKind::Normal>
            <SettingSelect key="initSd" advanced=true />
        </Show>
        <SeedControl />
    }
}

/// The settings the course adds, kept out of the training bar so the playground keeps its
/// room: the output units, biases, batch normalization, the validation share and early
/// stopping.
#[component]
pub fn CourseSettings() -> impl IntoView {
    view! {
        <section class="panel course-settings" aria-label="More settings">
            <h2>"Network and validation"</h2>
            <div class="io-row">
                <SettingSelect key="output" />
                <SettingSelect key="bias" />
                <SettingSelect key="batchnorm" />
                <SettingSelect key="val" />
                <SettingSelect key="patience" />
            </div>
        </section>
    }
}

/// The seed: typed, or a new one with the dice.
#[component]
pub fn SeedControl() -> impl IntoView {
    let st = AppState::get();
    view! {
        <label class="control advanced" for="ctl-seed">
            <span class="control-label">"Seed"</span>
            <span class="seed">
                <input
                    id="ctl-seed"
                    data-testid="seed"
                    type="number"
                    min="0"
                    prop:value=move || st.settings.with(|s| s.seed.to_string())
                    on:change=move |ev| {
                        st.set_setting("seed", &event_target_value(&ev));
                        // A refused seed leaves the box showing the seed in use.
                        let input: web_sys::HtmlInputElement = event_target(&ev);
                        input.set_value(&st.settings.with_untracked(|s| s.seed.to_string()));
                    }
                />
                <button class="small" title="New data and weights from the next seed (g)" aria-label="Next seed" on:click=move |_| st.regenerate()>
                    <Icon path=ICON_DICE />
                </button>
            </span>
        </label>
    }
}

#[cfg(test)]
mod tests {
    use super::grouped;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(1234567), "1,234,567");
    }
}

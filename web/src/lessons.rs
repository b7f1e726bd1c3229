//! The gallery of lessons and the open lesson's caption. The lessons themselves are data
//! ([`neuroplay::lessons`]); which one is open is the settings' `lesson` key, so a lesson is a
//! link like any other setup.

use super::state::AppState;
use leptos::prelude::*;
use neuroplay::lessons::{find, LESSONS};

/// The header button that opens the gallery.
#[component]
pub fn LessonsButton() -> impl IntoView {
    let st = AppState::get();
    view! {
        <button
            class="small"
            data-testid="lessons-button"
            aria-pressed=move || st.view.with(|v| v.gallery).to_string()
            title="Lessons: the course as a sequence of setups"
            on:click=move |_| st.set_view(|v| v.gallery = !v.gallery)
        >
            "Lessons"
        </button>
    }
}

/// Every lesson, in the order of the course; a click opens it.
#[component]
pub fn LessonGallery() -> impl IntoView {
    let st = AppState::get();
    let current = Memo::new(move |_| st.settings.with(|s| s.lesson));
    view! {
        <Show when=move || st.view.with(|v| v.gallery)>
            <div class="help-backdrop" on:click=move |_| st.set_view(|v| v.gallery = false)>
                <div class="help gallery" role="dialog" aria-label="Lessons" data-testid="lessons" on:click=|ev| ev.stop_propagation()>
                    <h2>"Lessons"</h2>
                    <p>"Each lesson sets up the playground for one idea of the course and opens the views it needs. Its caption says what to try and what to ask."</p>
                    <ol class="lesson-list">
                        {LESSONS
                            .iter()
                            .map(|l| {
                                let id = l.id;
                                let first = l.explain.split(". ").next().unwrap_or(l.explain).trim_end_matches('.').to_string();
                                view! {
                                    <li>
                                        <button
                                            class="lesson-entry"
                                            class:current=move || current.get() == Some(id)
                                            data-testid=format!("lesson-{id}")
                                            on:click=move |_| st.open_lesson(id)
                                        >
                                            <b>{l.title}</b>
                                            <span>{first}"."</span>
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                    <LectureOpen />
                    <button class="small" on:click=move |_| st.set_view(|v| v.gallery = false)>"Close"</button>
                </div>
            </div>
        </Show>
    }
}

/// Opens a lecture file (Markdown: a list of lesson links), to step through with `n`.
#[component]
fn LectureOpen() -> impl IntoView {
    let st = AppState::get();
    let on_change = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            super::io::read_file(file, move |name, bytes| {
                st.set_view(|v| v.gallery = false);
                st.open_lecture_file(name, bytes);
            });
        }
        input.set_value("");
    };
    view! {
        <p class="hint">
            "A lecture is a Markdown file whose list items are lesson links, - [Title](#settings), with the caption's text indented under each. "
            <label class="button-like">
                "Open a lecture file…"
                <input type="file" accept=".md,.markdown,text/markdown,text/plain" data-testid="lecture-open" on:change=on_change />
            </label>
        </p>
    }
}

/// What the caption shows: a built-in lesson's texts, or a lesson written in the link (its
/// parts replace the built-in one's), and where it stands in the lecture being given.
#[derive(Clone, Debug, PartialEq)]
struct CaptionText {
    /// Where the lesson stands: its place and the lecture's length.
    number: Option<(usize, usize)>,
    title: String,
    explain: Option<String>,
    try_this: Option<String>,
    ask: Option<String>,
    prev: bool,
    next: bool,
}

fn caption_text(s: &neuroplay::config::Settings, lecture: Option<(usize, usize)>) -> Option<CaptionText> {
    let lesson = s.lesson.and_then(find);
    let own = &s.caption;
    if lesson.is_none() && own.is_empty() {
        return None;
    }
    let pick = |mine: &Option<String>, built: Option<&'static str>| mine.clone().or(built.map(str::to_string));
    let index = lesson.and_then(|l| LESSONS.iter().position(|x| x.id == l.id));
    let (number, prev, next) = match (lecture, index) {
        (Some((at, n)), _) => (Some((at + 1, n)), at > 0, at + 1 < n),
        (None, Some(i)) => (Some((i + 1, LESSONS.len())), i > 0, i + 1 < LESSONS.len()),
        (None, None) => (None, false, false),
    };
    Some(CaptionText {
        number,
        title: pick(&own.title, lesson.map(|l| l.title)).unwrap_or_else(|| "A lesson".to_string()),
        explain: pick(&own.explain, lesson.map(|l| l.explain)),
        try_this: pick(&own.try_this, lesson.map(|l| l.try_this)),
        ask: pick(&own.ask, lesson.map(|l| l.ask)),
        prev,
        next,
    })
}

/// Whether a key press is typing in a field (which keeps its keys).
fn typing(ev: &leptos::ev::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.has_attribute("contenteditable"))
}

/// The open lesson: what it shows, what to try, a question for the class. In presentation
/// mode it is the large caption over the page, folded to its title and one line so the stage
/// gets the room; its button (or the key c) unfolds it. A lesson written in the link shows
/// the same way, its text as text.
#[component]
pub fn LessonCaption() -> impl IntoView {
    let st = AppState::get();
    let unfolded = RwSignal::new(false);
    // The folded caption's height while it is unfolded: in presentation mode the whole text
    // opens over the stage instead of pushing it down (the stage keeps its size).
    let folded_height = RwSignal::new(None::<f64>);
    let node = NodeRef::<leptos::html::Section>::new();
    let toggle = move || {
        let open = !unfolded.get_untracked();
        folded_height.set(if open { node.get_untracked().map(|n| n.get_bounding_client_rect().height()) } else { None });
        unfolded.set(open);
    };
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if (ev.key() == "c" || ev.key() == "C") && !ev.ctrl_key() && !ev.meta_key() && !ev.alt_key() && !typing(&ev) {
            toggle();
        }
    });
    on_cleanup(move || keys.remove());
    let caption = Memo::new(move |_| {
        let place = st.lecture_place();
        st.settings.with(|s| caption_text(s, place))
    });
    move || {
        caption.get().map(|c| {
            view! {
                <section
                    class="panel lesson-caption"
                    class:unfolded=move || unfolded.get()
                    style:--folded-h=move || folded_height.get().map(|h| format!("{h}px"))
                    node_ref=node
                    aria-label="Lesson"
                    data-testid="lesson-caption"
                >
                    <div data-testid="lesson-text">
                        <header>
                            // "10/16" where a short projector's title needs the room.
                            {c.number.map(|(at, n)| {
                                view! {
                                    <span class="lesson-number">
                                        <span class="number-long">{format!("Lesson {at} of {n}")}</span>
                                        <span class="number-short" aria-hidden="true">{format!("{at}/{n}")}</span>
                                    </span>
                                }
                            })}
                            <h2>{c.title}</h2>
                            <div class="lesson-nav">
                                <button
                                    class="small caption-more"
                                    data-testid="caption-more"
                                    aria-expanded=move || unfolded.get().to_string()
                                    title="The whole caption: what to try, what to ask (c)"
                                    on:click=move |_| toggle()
                                >
                                    {move || if unfolded.get() { "Less" } else { "More" }}
                                </button>
                                {c.prev.then(|| view! { <button class="small" data-testid="lesson-prev" aria-label="Previous lesson" title="Previous lesson (Shift+P, PageUp)" on:click=move |_| st.next_lesson(-1)>"← "<span class="nav-word">"Previous"</span></button> })}
                                {c.next.then(|| view! { <button class="small" data-testid="lesson-next" aria-label="Next lesson" title="Next lesson (n, PageDown)" on:click=move |_| st.next_lesson(1)><span class="nav-word">"Next"</span>" →"</button> })}
                                <button class="small" aria-label="Close the lesson" title="Close the lesson (the setup stays)" on:click=move |_| st.close_lesson()>"×"</button>
                            </div>
                        </header>
                        {c.explain.map(|t| view! { <p class="lesson-explain">{t}</p> })}
                        {c.try_this.map(|t| view! { <p class="lesson-try"><b>"Try: "</b>{t}</p> })}
                        {c.ask.map(|t| view! { <p class="lesson-ask"><b>"Ask the class: "</b>{t}</p> })}
                    </div>
                </section>
            }
        })
    }
}

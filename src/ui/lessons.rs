//! The gallery of lessons and the open lesson's caption. The lessons themselves are data
//! ([`crate::lessons`]); which one is open is the settings' `lesson` key, so a lesson is a
//! link like any other setup.

use super::state::AppState;
use crate::lessons::{find, LESSONS};
use leptos::prelude::*;

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
                    <button class="small" on:click=move |_| st.set_view(|v| v.gallery = false)>"Close"</button>
                </div>
            </div>
        </Show>
    }
}

/// The open lesson: what it shows, what to try, a question for the class. In presentation
/// mode it is the large caption over the page.
#[component]
pub fn LessonCaption() -> impl IntoView {
    let st = AppState::get();
    let lesson = Memo::new(move |_| st.settings.with(|s| s.lesson.and_then(find)));
    move || {
        lesson.get().map(|l| {
            let index = LESSONS.iter().position(|x| x.id == l.id).unwrap_or(0);
            let neighbour = move |step: isize| LESSONS.get(index.checked_add_signed(step)?).map(|n| n.id);
            view! {
                <section class="panel lesson-caption" aria-label="Lesson" data-testid="lesson-text">
                    <header>
                        <span class="lesson-number">{format!("Lesson {} of {}", index + 1, LESSONS.len())}</span>
                        <h2>{l.title}</h2>
                        <div class="lesson-nav">
                            {neighbour(-1).map(|id| view! { <button class="small" data-testid="lesson-prev" on:click=move |_| st.open_lesson(id)>"← Previous"</button> })}
                            {neighbour(1).map(|id| view! { <button class="small" data-testid="lesson-next" on:click=move |_| st.open_lesson(id)>"Next →"</button> })}
                            <button class="small" aria-label="Close the lesson" title="Close the lesson (the setup stays)" on:click=move |_| st.close_lesson()>"×"</button>
                        </div>
                    </header>
                    <p class="lesson-explain">{l.explain}</p>
                    <p class="lesson-try"><b>"Try: "</b>{l.try_this}</p>
                    <p class="lesson-ask"><b>"Ask the class: "</b>{l.ask}</p>
                </section>
            }
        })
    }
}

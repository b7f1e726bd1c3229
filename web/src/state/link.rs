//! Settings changes and navigation: a control's change, a whole new setup (a pasted link, a
//! lesson), and the link in the address bar that always holds the setup.

use super::{fit_to_page, AppState, Change, OpenViews, Session};
use leptos::prelude::*;
use neuroplay::config::page::WalkAt;
use neuroplay::config::{change_between, Affects, Settings};
use neuroplay::data::Feature;
use neuroplay::lessons::View;

impl AppState {
    /// Changes one setting. A bad value leaves everything as it was and says why.
    pub fn set_setting(&self, key: &str, value: &str) {
        self.edit(|s| s.set(key, value));
    }

    /// Applies an edit to a copy of the settings; if the result is valid it replaces them
    /// (trimmed to what the page shows, saying so), otherwise nothing changes and the
    /// notice says why.
    fn edit(&self, change: impl FnOnce(&mut Settings) -> Result<(), neuroplay::config::ConfigError>) {
        let current = self.settings.get_untracked();
        let mut next = current.clone();
        if let Err(e) = change(&mut next).and_then(|_| next.validate()) {
            self.say(format!("That change was not made — {e}."));
            return;
        }
        // Typed weights belong to a network of this shape, clicked points to these data.
        match change_between(&current, &next) {
            Some(Affects::Data) => {
                next.typed.clear();
                next.edits = Default::default();
                next.walk = None;
            }
            Some(Affects::Shape) => {
                next.typed.clear();
                next.walk = None;
            }
            _ => {}
        }
        let warnings = fit_to_page(&mut next);
        self.apply(current, next);
        if !warnings.is_empty() {
            self.say(warnings.join(" "));
        }
    }

    /// Replaces the settings (a control, a pasted link, a lesson). What the keys that
    /// differ affect (their rows in the settings table) decides: the caption only changes
    /// the link; the learning rate changes live; new data settings make new points;
    /// anything else builds the runs anew on the same points. A setup that cannot be built
    /// changes nothing and says why.
    pub fn apply(&self, current: Settings, next: Settings) {
        let Some(affects) = change_between(&current, &next) else { return };
        let rebuilt = match affects {
            Affects::Caption | Affects::Live => None,
            Affects::Rebuild | Affects::Shape => Some(Session::with_points(&next, self.session.with_value(Session::points))),
            Affects::Data => Some(Session::new(&next)),
        };
        // A valid change clears an old complaint.
        self.dismiss();
        match rebuilt {
            None => self.settings.set(next),
            Some(Ok(session)) => {
                self.session.set_value(session);
                self.settings.set(next);
            }
            Some(Err(e)) => return self.say(format!("That change was not made — {e}.")),
        }
        match affects {
            Affects::Caption => {}
            Affects::Live => self.change(Change::Live),
            _ => self.change(Change::Runs),
        }
    }

    /// Opens a lesson: its settings (a reset, like any link) and its views.
    pub fn open_lesson(&self, id: &str) {
        let Some(lesson) = neuroplay::lessons::find(id) else { return };
        match Settings::parse(lesson.settings) {
            Ok(next) => {
                self.running.set(false);
                let discretize = next.discretize;
                self.apply(self.settings.get_untracked(), next);
                // The lesson's plot as it asks (the linear lesson's discretized, the next
                // one's not).
                self.set_view(|v| v.discretize = discretize);
                self.open_views(OpenViews::of(lesson.views));
            }
            // The lessons are tested to load; this would be a bug, said rather than hidden.
            Err(e) => self.say(format!("The lesson '{}' could not be opened: {e}.", lesson.title)),
        }
    }

    /// Closes the lesson's caption (the settings stay as they are).
    pub fn close_lesson(&self) {
        self.edit(|s| {
            s.lesson = None;
            s.caption = Default::default();
            Ok(())
        });
    }

    /// A link pasted into this tab's address bar: loaded like a fresh page would, views and
    /// all.
    pub fn load_link(&self) {
        let (next, notices) = settings_from_hash();
        let current = self.settings.get_untracked();
        if next == current {
            // Nothing to change, but a link that did not fully load says so, as on a fresh
            // load, and the address bar holds the setup again.
            if !notices.is_empty() {
                self.say(notices.join(" "));
                write_hash(&self.link());
            }
            return;
        }
        self.running.set(false);
        self.apply(current, next.clone());
        self.show_as_linked(&next);
        if !notices.is_empty() {
            self.say(notices.join(" "));
        }
        self.start_if_asked();
    }

    /// Opens what a link asks for beside the settings: its views (the lesson's when it
    /// names none), presentation mode, and the walk-through where it stood.
    pub(super) fn show_as_linked(&self, s: &Settings) {
        self.set_view(|v| {
            v.presentation = s.present;
            v.discretize = s.discretize;
        });
        self.open_views(OpenViews::of(s.views.as_deref().unwrap_or(lesson_views(s))));
        if let Some(at) = s.walk {
            self.walk_at(at);
        }
    }

    /// The link to the page as it is now: the settings, and what the person did beside
    /// them (open views, presentation, the walk-through; typed weights and clicked points
    /// are kept in the settings as they are made).
    pub fn link(&self) -> Settings {
        let mut s = self.settings.get_untracked();
        let (open, present, discretize) = self.view.with_untracked(|v| (v.open, v.presentation, v.discretize));
        let views: Vec<View> = View::ALL.iter().copied().filter(|v| open.has(*v)).collect();
        s.views = (views != lesson_views(&s)).then_some(views);
        s.present = present;
        s.discretize = discretize;
        s.walk = self.walk.with_untracked(|w| {
            w.as_ref().map(|w| {
                if w.typed {
                    WalkAt::Typed { point: w.point, step: w.at }
                } else {
                    WalkAt::Training { index: w.index, step: w.at }
                }
            })
        });
        s
    }

    /// What the link holds beyond the settings, for the Share button: "2 open views, 6
    /// points added or removed".
    pub fn link_summary(&self) -> String {
        let s = self.link();
        let mut parts = vec!["the settings".to_string()];
        let views = s.views.as_ref().map_or(lesson_views(&s).len(), Vec::len);
        if views > 0 {
            parts.push(format!("{views} open view{}", if views == 1 { "" } else { "s" }));
        }
        if s.present {
            parts.push("presentation mode".into());
        }
        if s.discretize {
            parts.push("the discretized plot".into());
        }
        if let Some(w) = s.walk {
            let step = match w {
                WalkAt::Training { step, .. } | WalkAt::Typed { step, .. } => step,
            };
            parts.push(format!("the walk-through at step {}", step + 1));
        }
        if !s.typed.is_empty() {
            parts.push(format!("{} typed weight{}", s.typed.len(), if s.typed.len() == 1 { "" } else { "s" }));
        }
        if !s.edits.is_empty() {
            parts.push(format!("{} point{} added or removed", s.edits.len(), if s.edits.len() == 1 { "" } else { "s" }));
        }
        match parts.len() {
            1 => parts.remove(0),
            n => format!("{} and {}", parts[..n - 1].join(", "), parts[n - 1]),
        }
    }

    /// Starts training when the settings ask for it (`play=1`).
    pub fn start_if_asked(&self) {
        if self.settings.with_untracked(|s| s.play) {
            self.running.set(true);
        }
    }

    /// Opens exactly these views (closes the others); the walk-through walks its first
    /// point when it is among them.
    fn open_views(&self, open: OpenViews) {
        self.view.update(|v| {
            v.gallery = false;
            v.open = open;
        });
        if open.has(View::Walk) {
            self.walk_point(0);
        } else {
            self.walk.set(None);
        }
        self.change(Change::View);
    }

    /// Opens a lecture file's bytes (read as the other files are: UTF-8, or UTF-16 with its
    /// mark).
    pub fn open_lecture_file(&self, name: &str, bytes: &[u8]) {
        match neuroplay::formats::text::decode(bytes) {
            Ok(text) => self.open_lecture(name, &text),
            Err(e) => self.say(format!("{name} was not opened as a lecture — {e}.")),
        }
    }

    /// Opens a lecture file: its first lesson at once; `n` and PageDown step through it.
    /// A file that is not a lecture changes nothing and says why.
    pub fn open_lecture(&self, name: &str, text: &str) {
        match neuroplay::lecture::Lecture::parse(text) {
            Ok(lecture) => {
                let count = lecture.entries.len();
                self.lecture.set(Some((lecture, 0)));
                self.open_entry(0);
                self.say(format!("Opened the lecture {name}: {count} lessons. n or PageDown goes on to the next one."));
            }
            Err(e) => self.say(format!("{name} was not opened as a lecture — {e}.")),
        }
    }

    /// Opens lesson `k` of the lecture being given: its link's setup, with the file's title
    /// and explanation in the caption unless the link writes its own.
    fn open_entry(&self, k: usize) {
        let Some(entry) = self.lecture.with_untracked(|l| l.as_ref().and_then(|(l, _)| l.entries.get(k).cloned())) else { return };
        let (mut next, notices) = settings_from_link(&entry.link);
        let c = &mut next.caption;
        if c.title.is_none() && next.lesson.is_none() {
            c.title = Some(entry.title.clone());
        }
        if c.explain.is_none() && !entry.explain.is_empty() {
            c.explain = Some(entry.explain.clone());
        }
        self.running.set(false);
        self.lecture.update(|l| {
            if let Some((_, at)) = l {
                *at = k;
            }
        });
        self.apply(self.settings.get_untracked(), next.clone());
        self.show_as_linked(&next);
        if !notices.is_empty() {
            self.say(format!("Lesson {} (line {} of the lecture): {}", k + 1, entry.line, notices.join(" ")));
        }
        self.start_if_asked();
    }

    /// Where the page is in the lecture being given: (lesson, lessons), 0-based.
    pub fn lecture_place(&self) -> Option<(usize, usize)> {
        self.lecture.track();
        self.lecture_place_untracked()
    }

    fn lecture_place_untracked(&self) -> Option<(usize, usize)> {
        self.lecture.with_untracked(|l| l.as_ref().map(|(l, at)| (*at, l.entries.len())))
    }

    /// Opens the lesson `delta` places after the open one, in the lecture being given or
    /// else the built-in course (from no lesson, `n` opens the first); says so when there
    /// is none there.
    pub fn next_lesson(&self, delta: isize) {
        if let Some((at, count)) = self.lecture_place_untracked() {
            match at.checked_add_signed(delta).filter(|k| *k < count) {
                Some(k) => self.open_entry(k),
                None if delta > 0 => self.say("That was the lecture's last lesson."),
                None => self.say("This is the lecture's first lesson."),
            }
            return;
        }
        use neuroplay::lessons::LESSONS;
        let at = self.settings.with_untracked(|s| s.lesson.and_then(|id| LESSONS.iter().position(|l| l.id == id)));
        let next = match at {
            Some(i) => i.checked_add_signed(delta),
            None if delta > 0 => Some(0),
            None => None,
        };
        match next.and_then(|i| LESSONS.get(i)) {
            Some(l) => self.open_lesson(l.id),
            None if delta > 0 => self.say("That was the last lesson."),
            None => self.say("This is the first lesson."),
        }
    }

    /// Feature toggles: adds or removes an input feature (at least one stays).
    pub fn toggle_feature(&self, f: Feature) {
        let mut features = self.settings.get_untracked().features;
        if let Some(pos) = features.iter().position(|x| *x == f) {
            if features.len() == 1 {
                self.say("At least one input feature must stay on.");
                return;
            }
            features.remove(pos);
        } else {
            features.push(f);
            features.sort_by_key(|x| Feature::ALL.iter().position(|y| y == x));
        }
        let text: Vec<&str> = features.iter().map(|f| f.name()).collect();
        self.set_setting("features", &text.join(","));
    }

    /// Sets every hidden layer's activation (per-layer choices are cleared).
    pub fn set_all_activations(&self, name: &str) {
        self.edit(|s| {
            s.set("activation", name)?;
            s.activations = None;
            Ok(())
        });
    }

    /// Changes the hidden layer sizes (and their activations alongside).
    pub fn set_layers(&self, sizes: Vec<usize>, activations: Option<Vec<neuroplay::engine::Activation>>) {
        self.edit(|s| {
            s.layers = sizes;
            s.activations = activations;
            Ok(())
        });
    }
}

/// The views a setup's lesson opens (none without a lesson).
fn lesson_views(s: &Settings) -> &'static [View] {
    s.lesson.and_then(neuroplay::lessons::find).map_or(&[], |l| l.views)
}

/// Reads the settings from the page's URL hash, leniently.
pub fn settings_from_hash() -> (Settings, Vec<String>) {
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    settings_from_link(hash.trim_start_matches('#'))
}

/// Reads the settings a link holds, leniently: what cannot be used is left at its default
/// and named in the notices. A lesson's id alone stands for the lesson's whole setup.
pub fn settings_from_link(hash: &str) -> (Settings, Vec<String>) {
    if hash.is_empty() {
        return (Settings::default(), Vec::new());
    }
    let whole;
    let hash = match neuroplay::config::page::linked_lesson(hash) {
        Some(lesson) => {
            whole = format!("{}&{hash}", lesson.settings);
            whole.as_str()
        }
        None => hash,
    };
    let (settings, errors) = Settings::parse_lenient_with(hash, super::edits::stored_custom());
    if errors.is_empty() {
        return (settings, Vec::new());
    }
    // The list of known settings is given once, with the first unknown one.
    let mut listed = false;
    let shown: Vec<String> = errors
        .iter()
        .take(3)
        .map(|e| {
            let text = e.to_string();
            match text.split_once("; known settings are") {
                Some((head, _)) if listed => head.to_string(),
                Some(_) => {
                    listed = true;
                    text
                }
                None => text,
            }
        })
        .collect();
    let more = if errors.len() > 3 { format!(" (and {} more)", errors.len() - 3) } else { String::new() };
    (settings, vec![format!("Some settings in this link could not be used, so defaults stand in for them: {}{more}.", shown.join("; "))])
}

/// Writes the settings into the URL hash without adding a history entry.
pub fn write_hash(settings: &Settings) {
    let url = format!("#{settings}");
    if let Some(Ok(history)) = web_sys::window().map(|w| w.history()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

//! Lectures: a Markdown file whose list items that are links, `- [Title](#settings)`, are its
//! lessons, the indented lines under each one its explanation. The page steps through one
//! with `n` and PageDown; `neuroplay lecture FILE` checks one the night before. The built-in
//! gallery is the default lecture.

use crate::lessons::LESSONS;

/// One lesson of a lecture.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The link's text.
    pub title: String,
    /// The settings the link holds (what follows its `#`).
    pub link: String,
    /// The indented lines under it, joined.
    pub explain: String,
    /// Its line in the file (1-based), for messages.
    pub line: usize,
}

/// A lecture: its title (the file's first `#` heading) and its lessons in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lecture {
    /// The title, if the file has one.
    pub title: Option<String>,
    /// The lessons.
    pub entries: Vec<Entry>,
}

/// The most lessons one lecture holds.
pub const MAX_ENTRIES: usize = 200;

impl Lecture {
    /// Reads a lecture file. Lines that are not lesson links or their explanations are
    /// notes for the lecturer and are passed over; a file without a single lesson link is
    /// refused.
    pub fn parse(text: &str) -> Result<Lecture, String> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut title = None;
        let mut entries: Vec<Entry> = Vec::new();
        // The indentation of the last lesson's bullet, while its explanation may go on.
        let mut open: Option<usize> = None;
        for (n, line) in text.lines().enumerate() {
            let indent = line.len() - line.trim_start().len();
            let body = line.trim();
            if let Some(entry) = lesson_link(body) {
                if entries.len() == MAX_ENTRIES {
                    return Err(format!("line {}: a lecture holds at most {MAX_ENTRIES} lessons", n + 1));
                }
                entries.push(Entry { line: n + 1, ..entry });
                open = Some(indent);
                continue;
            }
            match (open, entries.last_mut()) {
                (Some(bullet), Some(e)) if indent > bullet && !body.is_empty() && !is_bullet(body) => {
                    if !e.explain.is_empty() {
                        e.explain.push(' ');
                    }
                    e.explain.push_str(body);
                }
                _ if body.is_empty() => {}
                _ => {
                    open = None;
                    if title.is_none() && entries.is_empty() {
                        title = body.strip_prefix("# ").map(|t| t.trim().to_string());
                    }
                }
            }
        }
        if entries.is_empty() {
            return Err(
                "this file has no lessons: a lesson is a list item that is a link, like - [The perceptron](#lesson=perceptron)".into()
            );
        }
        Ok(Lecture { title, entries })
    }

    /// The built-in gallery as a lecture.
    pub fn builtin() -> Lecture {
        let entries = LESSONS
            .iter()
            .enumerate()
            .map(|(k, l)| Entry {
                title: l.title.to_string(),
                link: format!("lesson={}", l.id),
                explain: l.explain.to_string(),
                line: k + 1,
            })
            .collect();
        Lecture { title: Some("Neuroplay: the course".to_string()), entries }
    }

    /// The lecture as a Markdown file (what [`parse`](Self::parse) reads back).
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        if let Some(t) = &self.title {
            out.push_str(&format!("# {t}\n\n"));
        }
        for e in &self.entries {
            out.push_str(&format!("- [{}](#{})\n", e.title, e.link));
            if !e.explain.is_empty() {
                out.push_str(&format!("  {}\n", e.explain));
            }
        }
        out
    }
}

fn is_bullet(body: &str) -> bool {
    body.starts_with("- ") || body.starts_with("* ") || body.starts_with("+ ")
}

/// `- [Title](#settings)` (or a whole address ending in `#settings`) as an entry.
fn lesson_link(body: &str) -> Option<Entry> {
    if !is_bullet(body) {
        return None;
    }
    let rest = body[2..].trim();
    let rest = rest.strip_prefix('[')?;
    let (title, rest) = rest.split_once("](")?;
    let (target, after) = rest.split_once(')')?;
    if !after.trim().is_empty() {
        return None;
    }
    let (_, settings) = target.split_once('#')?;
    Some(Entry { title: title.trim().to_string(), link: settings.trim().to_string(), explain: String::new(), line: 0 })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_lecture_is_its_list_of_links_with_their_explanations() {
        let text = "# Week 3\n\nNotes for me.\n\n- [Bias](#lesson=bias)\n  Without it every line\n  passes through the origin.\n- not a link\n* [My own](https://example.org/np/#dataset=xor&layers=2)\n\nMore notes.\n";
        let l = Lecture::parse(text).unwrap();
        assert_eq!(l.title.as_deref(), Some("Week 3"));
        assert_eq!(l.entries.len(), 2);
        assert_eq!((l.entries[0].title.as_str(), l.entries[0].link.as_str()), ("Bias", "lesson=bias"));
        assert_eq!(l.entries[0].explain, "Without it every line passes through the origin.");
        assert_eq!((l.entries[1].link.as_str(), l.entries[1].line), ("dataset=xor&layers=2", 9));
        assert!(l.entries[1].explain.is_empty());
    }

    #[test]
    fn the_course_writes_a_lecture_that_reads_back() {
        let course = Lecture::builtin();
        assert_eq!(course.entries.len(), LESSONS.len());
        let again = Lecture::parse(&course.to_markdown()).unwrap();
        assert_eq!(
            again.entries.iter().map(|e| (&e.title, &e.link, &e.explain)).collect::<Vec<_>>(),
            course.entries.iter().map(|e| (&e.title, &e.link, &e.explain)).collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_file_without_lessons_is_refused_saying_what_a_lesson_is() {
        assert!(Lecture::parse("# Notes\n\njust text\n").unwrap_err().contains("- [The perceptron](#lesson=perceptron)"));
        assert!(Lecture::parse("").is_err());
    }

    #[test]
    fn the_course_file_in_the_docs_is_the_whole_course() {
        let text = include_str!("../docs/course.md");
        let l = Lecture::parse(text).unwrap();
        for lesson in LESSONS {
            assert!(l.entries.iter().any(|e| e.link.contains(&format!("lesson={}", lesson.id))), "docs/course.md lacks {}", lesson.id);
        }
        for e in &l.entries {
            crate::config::Settings::parse(&e.link).unwrap_or_else(|err| panic!("line {}: {err}", e.line));
        }
    }
}

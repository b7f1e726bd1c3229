//! What a person did on the page, carried by the link beside the settings: the open views,
//! presentation mode, where the walk-through stands, weights and biases typed on the
//! diagram, and points added or removed by clicking. The settings string writes each as a
//! key of its own (`views=`, `present=`, `walk=`, `typed=`, `add=`, `drop=`), so a link holds
//! everything a person sees and the command line reads the same link.

use super::{err, ConfigError};
use crate::data::{Point, Split};
use crate::lessons::View;

/// The most a typed weight or bias may be, either way (on the page and in a link).
pub const TYPED_LIMIT: f32 = 100.0;

/// Where the walk-through stands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum WalkAt {
    /// Training point `index`, at step `step`.
    Training {
        /// The point's place in the training set.
        index: usize,
        /// The step shown.
        step: usize,
    },
    /// A point typed in (x₁, x₂ and its target), at step `step`.
    Typed {
        /// The point and its target.
        point: Point,
        /// The step shown.
        step: usize,
    },
}

impl WalkAt {
    /// As the link writes it: `12@5` (training point 12, step 5) or `0.05:0.1:0.1@5`.
    pub fn write(self) -> String {
        match self {
            WalkAt::Training { index, step } => format!("{index}@{step}"),
            WalkAt::Typed { point, step } => format!("{}:{}:{}@{step}", point.x1, point.x2, point.label),
        }
    }

    /// Reads what [`write`](Self::write) wrote.
    pub fn read(key: &str, v: &str) -> Result<WalkAt, ConfigError> {
        let bad = || err(key, format!("'{v}' is not a walk: write POINT@STEP (12@5) or X1:X2:TARGET@STEP"));
        let (at, step) = v.trim().split_once('@').ok_or_else(bad)?;
        let step = step.parse().map_err(|_| bad())?;
        if !at.contains(':') {
            return Ok(WalkAt::Training { index: at.parse().map_err(|_| bad())?, step });
        }
        let p = numbers(at).filter(|p| p.len() == 3).ok_or_else(bad)?;
        Ok(WalkAt::Typed { point: Point { x1: p[0], x2: p[1], label: p[2] }, step })
    }
}

/// Finite numbers separated by `:`, or `None`.
fn numbers(s: &str) -> Option<Vec<f32>> {
    s.split(':').map(|x| x.trim().parse::<f32>().ok().filter(|x| x.is_finite())).collect()
}

/// Writes the open views (`walk,loss-surface`).
pub fn write_views(views: &[View]) -> String {
    views.iter().map(|v| v.name()).collect::<Vec<_>>().join(",")
}

/// Reads a list of views by name.
pub fn read_views(key: &str, v: &str) -> Result<Vec<View>, ConfigError> {
    v.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|name| {
            View::ALL.iter().copied().find(|x| x.name() == name).ok_or_else(|| {
                let names: Vec<&str> = View::ALL.iter().map(|x| x.name()).collect();
                err(key, format!("unknown view '{name}'; the views are {}", names.join(", ")))
            })
        })
        .collect()
}

/// Writes typed parameters as `INDEX:VALUE` pairs (`3:0.5,7:-1.2`).
pub fn write_typed(typed: &[(usize, f32)]) -> String {
    typed.iter().map(|(i, v)| format!("{i}:{v}")).collect::<Vec<_>>().join(",")
}

/// Reads typed parameters: flat indices, each once, values within ±100.
pub fn read_typed(key: &str, v: &str) -> Result<Vec<(usize, f32)>, ConfigError> {
    let mut out: Vec<(usize, f32)> = Vec::new();
    for pair in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let bad = || err(key, format!("'{pair}' is not INDEX:VALUE with a value from −100 to 100"));
        let (i, x) = pair.split_once(':').ok_or_else(bad)?;
        let i: usize = i.trim().parse().map_err(|_| bad())?;
        let x: f32 = x.trim().parse().map_err(|_| bad())?;
        if !x.is_finite() || x.abs() > TYPED_LIMIT {
            return Err(bad());
        }
        match out.iter_mut().find(|(j, _)| *j == i) {
            Some(slot) => slot.1 = x,
            None => out.push((i, x)),
        }
    }
    out.sort_by_key(|(i, _)| *i);
    Ok(out)
}

/// Sets `typed` to `value` at `index` (kept sorted, each index once).
pub fn type_param(typed: &mut Vec<(usize, f32)>, index: usize, value: f32) {
    match typed.binary_search_by_key(&index, |(i, _)| *i) {
        Ok(k) => typed[k].1 = value,
        Err(k) => typed.insert(k, (index, value)),
    }
}

/// Points added and removed by hand, against the seeded data.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PointEdits {
    /// Points added to the training set, in order.
    pub added: Vec<Point>,
    /// Seeded points removed (training or test), by their coordinates.
    pub removed: Vec<(f32, f32)>,
}

impl PointEdits {
    /// Notes a point added by a click.
    pub fn add(&mut self, p: Point) {
        self.added.push(p);
    }

    /// Notes a point removed by a click: one this person added is forgotten, a seeded one
    /// remembered by its coordinates.
    pub fn remove(&mut self, p: Point) {
        match self.added.iter().rposition(|a| a.x1.to_bits() == p.x1.to_bits() && a.x2.to_bits() == p.x2.to_bits()) {
            Some(k) => {
                self.added.remove(k);
            }
            None => self.removed.push((p.x1, p.x2)),
        }
    }

    /// Applies the edits to the seeded split: the removed points go, the added ones join
    /// the training set.
    pub fn apply(&self, split: &mut Split) {
        if !self.removed.is_empty() {
            let gone = |p: &Point| self.removed.iter().any(|(x1, x2)| x1.to_bits() == p.x1.to_bits() && x2.to_bits() == p.x2.to_bits());
            split.train.retain(|p| !gone(p));
            split.test.retain(|p| !gone(p));
        }
        split.train.extend_from_slice(&self.added);
    }

    /// Whether nothing was edited.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }

    /// How many edits (points added plus points removed).
    pub fn len(&self) -> usize {
        self.added.len() + self.removed.len()
    }
}

/// Writes added points as `X1:X2:LABEL` triples joined by `,`.
pub fn write_added(p: &[Point]) -> String {
    p.iter().map(|p| format!("{}:{}:{}", p.x1, p.x2, p.label)).collect::<Vec<_>>().join(",")
}

/// Reads added points.
pub fn read_added(key: &str, v: &str) -> Result<Vec<Point>, ConfigError> {
    v.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|t| match numbers(t).as_deref() {
            Some(&[x1, x2, label]) => Ok(Point { x1, x2, label }),
            _ => Err(err(key, format!("'{t}' is not a point X1:X2:LABEL"))),
        })
        .collect()
}

/// Writes removed points as `X1:X2` pairs joined by `,`.
pub fn write_removed(p: &[(f32, f32)]) -> String {
    p.iter().map(|(x1, x2)| format!("{x1}:{x2}")).collect::<Vec<_>>().join(",")
}

/// Reads removed points.
pub fn read_removed(key: &str, v: &str) -> Result<Vec<(f32, f32)>, ConfigError> {
    v.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|t| match numbers(t).as_deref() {
            Some(&[x1, x2]) => Ok((x1, x2)),
            _ => Err(err(key, format!("'{t}' is not a point X1:X2"))),
        })
        .collect()
}

/// The lesson a link stands for when it names one and otherwise only says how to show it
/// (`present=1`, `play=1`, `until=200`: keys that change nothing in the run): the link is
/// then the lesson's whole setup, shown that way. A link with any key of the run is taken
/// as written.
pub fn linked_lesson(link: &str) -> Option<&'static crate::lessons::Lesson> {
    let link = link.trim().trim_start_matches(['#', '?']);
    let mut lesson = None;
    for pair in link.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if key == "lesson" {
            lesson = Some(crate::lessons::find(value.trim())?);
        } else if super::key(key).is_none_or(|k| k.affects != super::Affects::Caption) {
            return None;
        }
    }
    lesson
}

/// A lesson written by a lecturer in the link itself: `title=`, `explain=`, `try=`, `ask=`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Caption {
    /// The lesson's title.
    pub title: Option<String>,
    /// What it shows.
    pub explain: Option<String>,
    /// What to try.
    pub try_this: Option<String>,
    /// A question for the class.
    pub ask: Option<String>,
}

impl Caption {
    /// Whether the link writes a lesson of its own.
    pub fn is_empty(&self) -> bool {
        self.title.is_none() && self.explain.is_none() && self.try_this.is_none() && self.ask.is_none()
    }
}

/// The longest text a caption's part may hold.
pub const CAPTION_CHARS: usize = 2000;

/// Reads a caption's text (already percent-decoded): trimmed, empty for none, at most
/// [`CAPTION_CHARS`] characters.
pub fn read_text(key: &str, v: &str) -> Result<Option<String>, ConfigError> {
    let t = v.trim();
    if t.chars().count() > CAPTION_CHARS {
        return Err(err(key, format!("the text is {} characters long; a caption takes at most {CAPTION_CHARS}", t.chars().count())));
    }
    if t.chars().any(|c| c.is_control() && c != '\n') {
        return Err(err(key, "the text holds a control character"));
    }
    Ok((!t.is_empty()).then(|| t.to_string()))
}

/// Writes text for a link: letters, digits and `-._~` as they are, everything else as
/// `%XX` bytes, so `&`, `=`, `#` and spaces cannot break the link.
pub fn encode_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b',' | b'!' | b'?' | b'(' | b')' | b'\'') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn each_part_reads_back_what_it_writes() {
        for w in [WalkAt::Training { index: 12, step: 5 }, WalkAt::Typed { point: Point { x1: 0.05, x2: 0.1, label: 0.1 }, step: 9 }] {
            assert_eq!(WalkAt::read("walk", &w.write()).unwrap(), w);
        }
        let typed = vec![(3, 0.5), (7, -1.25)];
        assert_eq!(read_typed("typed", &write_typed(&typed)).unwrap(), typed);
        let added = vec![Point { x1: 1.5, x2: -2.0, label: 1.0 }, Point { x1: 0.123_456_79, x2: 5.0, label: 0.0 }];
        assert_eq!(read_added("add", &write_added(&added)).unwrap(), added);
        let removed = vec![(0.1f32, -0.7f32)];
        assert_eq!(read_removed("drop", &write_removed(&removed)).unwrap(), removed);
        assert_eq!(read_views("views", &write_views(&[View::Walk, View::LossSurface])).unwrap(), vec![View::Walk, View::LossSurface]);
    }

    #[test]
    fn a_captions_text_survives_the_link_whatever_it_holds() {
        let text = "Why does <script>alert(1)</script> & 50% = \"half\"? Ünïcode #1";
        let link = format!("title={}&lr=0.1", encode_text(text));
        let s = crate::config::Settings::parse(&link).unwrap();
        assert_eq!(s.caption.title.as_deref(), Some(text));
        assert_eq!(s.lr, 0.1, "the text did not swallow the next key");
        assert_eq!(crate::config::Settings::parse(&s.to_string()).unwrap(), s);
        assert!(read_text("ask", &"x".repeat(CAPTION_CHARS + 1)).is_err());
    }

    #[test]
    fn bad_parts_are_refused_with_what_to_write() {
        assert!(WalkAt::read("walk", "x@1").is_err());
        assert!(read_typed("typed", "3:1000").is_err(), "beyond the ±100 typing allows");
        assert!(read_typed("typed", "3:NaN").is_err());
        assert!(read_added("add", "1:2").is_err());
        assert!(read_views("views", "walk,nope").unwrap_err().to_string().contains("loss-surface"));
    }

    #[test]
    fn removing_an_added_point_forgets_it_and_a_seeded_one_is_remembered() {
        let mut e = PointEdits::default();
        let p = Point { x1: 1.0, x2: 2.0, label: 1.0 };
        e.add(p);
        e.remove(p);
        assert!(e.is_empty());
        let seeded = Point { x1: 3.0, x2: 4.0, label: 0.0 };
        e.remove(seeded);
        e.add(p);
        let mut split = Split { train: vec![seeded, Point { x1: 0.0, x2: 0.0, label: 0.0 }], val: Vec::new(), test: vec![seeded] };
        e.apply(&mut split);
        assert_eq!(split.train, vec![Point { x1: 0.0, x2: 0.0, label: 0.0 }, p]);
        assert!(split.test.is_empty());
    }
}

//! Where everything on the diagram lies, in CSS pixels of its body (below the layer
//! headers): the columns and rows, the links' curves and the biases' dots, what the
//! pointer is on, and where the walk-through's labels stand. Pure functions, tested here.

use super::shape::{BiasRef, LinkRef, Shape};
use neuroplay::explain::{Focus, Label, Place};

/// Where the diagram's columns and rows lie: the size of a neuron, the distance between
/// columns and between rows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Geom {
    /// Left edge of the features' column (room for their labels is left of it).
    pub x0: f32,
    /// Distance between the left edges of neighbouring columns.
    pub col_w: f32,
    /// Side of a neuron.
    pub node: f32,
    /// Distance between the tops of neighbouring rows.
    pub pitch: f32,
    /// Margin above the first row and below the last.
    pub pad: f32,
    /// Columns (features, hidden layers, output) and rows (the tallest column).
    pub cols: usize,
    /// Rows of the tallest column.
    pub rows: usize,
}

impl Geom {
    const LABEL: f32 = 38.0;
    const PAD: f32 = 6.0;
    const MAX_NODE: f32 = 150.0;
    /// The least a neuron is ever drawn: a dot. A column of sixteen on a 1280×720
    /// projector beside a lesson's chart has 110–150 pixels (less while a notice shows).
    pub const LEAST_NODE: f32 = 4.0;
    /// A feature's label's line, which the rows between two features must hold (its
    /// letters' height at 0.8 em of the page's type; presented, mostly two inputs stand
    /// far apart).
    const LABEL_LINE: f32 = 12.0;

    /// The least a neuron may be drawn when `labels` features are spread down `rows` rows
    /// (at least `rows / labels` rows apart): a dot, or as large as keeps the labels a
    /// line apart.
    pub fn least_node(labels: usize, rows: usize) -> f32 {
        let apart = (rows / labels.max(1)).max(1) as f32;
        (Self::LABEL_LINE / apart / 1.25).ceil().max(Self::LEAST_NODE)
    }

    /// A neuron a finger can hit (on a touch screen the diagram scrolls rather than shrink).
    pub const TOUCH_NODE: f32 = 40.0;

    /// Fits `cols × rows` neurons into `w × h` pixels: as large as both allow, between a
    /// least (`min_node`: legible, or large enough for a finger) and a most, columns at
    /// least `min_col` apart (wider for touch, where the layer buttons are larger). What
    /// does not fit scrolls inside the panel.
    pub fn fit(cols: usize, rows: usize, w: f32, h: f32, min_col: f32, min_node: f32) -> Geom {
        let (cols, rows) = (cols.max(2), rows.max(1));
        let spare_w = w - Self::LABEL - 2.0 * Self::PAD;
        // Rows a quarter of a neuron apart; columns at least 2.4 neurons apart.
        let by_height = (h - 2.0 * Self::PAD) / (rows as f32 * 1.25 - 0.25);
        let by_width = spare_w / (2.4 * (cols - 1) as f32 + 1.0);
        let node = by_height.min(by_width).clamp(min_node, Self::MAX_NODE).floor();
        let col_w = ((spare_w - node) / (cols - 1) as f32)
            .min((node * 6.0).max(120.0))
            .min(220f32.max(node * 2.6))
            .max(min_col)
            .max(node * 1.8)
            .floor();
        Geom { x0: Self::LABEL + Self::PAD, col_w, node, pitch: (node * 1.25).floor(), pad: Self::PAD, cols, rows }
    }

    /// How much larger than their least the walk-through's numbers are drawn: they grow
    /// with the neurons, or with the room between columns and rows where the neurons are
    /// kept small by a tall column, so that a small network shown large is read from the
    /// back row.
    pub fn num_scale(&self) -> f32 {
        let room = ((self.col_w - self.node) / 75.0).min(self.pitch / 20.0);
        (self.node / 40.0).max(room).clamp(1.0, 2.4)
    }

    /// Left edge of column `col`.
    pub fn x(&self, col: usize) -> f32 {
        self.x0 + col as f32 * self.col_w
    }

    /// Top edge of row `row`.
    pub fn y(&self, row: usize) -> f32 {
        self.pad + row as f32 * self.pitch
    }

    /// The body's width and height.
    pub fn size(&self) -> (f32, f32) {
        (self.x(self.cols - 1) + self.node + Self::PAD, self.y(self.rows - 1) + self.node + self.pad)
    }

    /// A link's end points: the right side of its source, the left side of its target.
    pub(super) fn ends(&self, link: &LinkRef) -> (f32, f32, f32, f32) {
        let half = self.node / 2.0;
        (self.x(link.layer) + self.node, self.y(link.from_row) + half, self.x(link.layer + 1), self.y(link.to) + half)
    }

    /// The middle of a link's curve, where its tooltip and editor go.
    pub(super) fn middle(&self, link: &LinkRef) -> (f32, f32) {
        let (x0, y0, x1, y1) = self.ends(link);
        ((x0 + x1) / 2.0, (y0 + y1) / 2.0)
    }

    /// The dot of a neuron's bias, left of its lower corner (below where the links
    /// arrive): its centre and its largest radius.
    pub fn bias_mark(&self, col: usize, row: usize) -> (f32, f32, f32) {
        let r = (self.node * 0.16).clamp(3.0, 7.0);
        (self.x(col) - r - 2.0, self.y(row) + self.node - r, r)
    }
}

/// The bias dot under the point (x, y), within `tolerance` pixels of its largest circle,
/// as its position in `biases`.
pub(super) fn bias_at(biases: &[BiasRef], g: &Geom, x: f32, y: f32, tolerance: f32) -> Option<usize> {
    biases.iter().position(|b| {
        let (cx, cy, r) = g.bias_mark(b.layer + 1, b.neuron);
        (x - cx).hypot(y - cy) <= r + tolerance
    })
}

/// A link drawn from source to target as a cubic curve with both control points halfway
/// across: x(t) = x0 + (x1 − x0)·(1.5t(1 − t) + t³), y(t) = y0 + (y1 − y0)·(3t² − 2t³).
/// Returns the curve parameter t at which x(t) = `x` (x(t) rises monotonically).
fn curve_t(x0: f32, x1: f32, x: f32) -> f32 {
    let target = ((x - x0) / (x1 - x0)).clamp(0.0, 1.0);
    let (mut lo, mut hi) = (0.0f32, 1.0f32);
    for _ in 0..20 {
        let t = (lo + hi) / 2.0;
        if 1.5 * t * (1.0 - t) + t * t * t < target {
            lo = t;
        } else {
            hi = t;
        }
    }
    (lo + hi) / 2.0
}

/// The link nearest to the point (x, y) of the diagram's body, within `tolerance` pixels
/// of its curve (measured across the curve), as its position in `links`.
pub(super) fn link_at(links: &[LinkRef], g: &Geom, x: f32, y: f32, tolerance: f32) -> Option<usize> {
    let layer = (0..g.cols.saturating_sub(1)).find(|&l| x >= g.x(l) + g.node && x <= g.x(l + 1))?;
    let (x0, x1) = (g.x(layer) + g.node, g.x(layer + 1));
    let t = curve_t(x0, x1, x);
    let (rise, slope) = (3.0 * t * t - 2.0 * t * t * t, (6.0 * t - 6.0 * t * t) / ((1.5 - 3.0 * t + 3.0 * t * t) * (x1 - x0)));
    let mut best = None;
    let mut best_d = tolerance;
    for (pos, link) in links.iter().enumerate().filter(|(_, l)| l.layer == layer) {
        let (_, y0, _, y1) = g.ends(link);
        let d = (y - (y0 + (y1 - y0) * rise)).abs() / (1.0 + (slope * (y1 - y0)).powi(2)).sqrt();
        if d <= best_d {
            best_d = d;
            best = Some(pos);
        }
    }
    best
}

/// Line height and character width of the walk-through's numbers on the diagram (CSS
/// pixels; the style sheet sets their font to match, and a label's padding and border add
/// 8 pixels across and 4 down).
const NUM_LINE: f32 = 12.0;
const NUM_CHAR: f32 = 6.4;

/// A box on the diagram's body: left, top, width, height.
pub(super) type Rect = (f32, f32, f32, f32);

fn overlaps(a: Rect, b: Rect) -> bool {
    a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3
}

/// Where the walk-through's labels stand: beside each input and hidden neuron on its
/// right, beside each output on its left, each weight's at the middle of its link. In
/// order, each is moved its height down or up at a time (a link's also its width
/// aside, within its gap) until it covers no label placed before it: where a gap between
/// columns is narrow, or links cross at one middle.
pub(super) fn place_labels(labels: &[Label], g: &Geom, sh: &Shape) -> Vec<Rect> {
    let out_layer = sh.layers.len();
    let mut placed: Vec<Rect> = Vec::with_capacity(labels.len());
    for label in labels {
        let chars = label.lines.iter().map(|t| t.chars().count()).max().unwrap_or(0);
        let k = g.num_scale();
        let (w, h) = (chars as f32 * NUM_CHAR * k + 8.0, label.lines.len() as f32 * NUM_LINE * k + 4.0);
        let (x, y) = match label.place {
            Place::Input(i) => (g.x(0) + g.node + 3.0, g.y(sh.input_row(i))),
            Place::Neuron(l, j) if l == out_layer => (g.x(l + 1) - 3.0 - w, g.y(j)),
            Place::Neuron(l, j) => (g.x(l + 1) + g.node + 3.0, g.y(j)),
            Place::Link(layer, from, to) => {
                let link = LinkRef { layer, from, from_row: if layer == 0 { sh.input_row(from) } else { from }, to, index: 0 };
                let (mx, my) = g.middle(&link);
                (mx - w / 2.0, my - h / 2.0)
            }
        };
        // A link's label may also stand beside that place, left or right, within its gap.
        let (lo, hi) = match label.place {
            Place::Link(layer, ..) => (g.x(layer) + g.node + 2.0, (g.x(layer + 1) - 2.0 - w).max(g.x(layer) + g.node + 2.0)),
            _ => (x, x),
        };
        let shifts = [0.0, -(w + 2.0), w + 2.0];
        // Down first, then up, a label's height (and a pixel) at a time; never above the body.
        let at = |(step, dx): (i32, f32)| ((x + dx).clamp(lo, hi), y + step as f32 * (h + 1.0), w, h);
        let free = (0..48)
            .map(|k: i32| if k % 2 == 0 { -(k / 2) } else { (k + 1) / 2 })
            .flat_map(|step| shifts.map(|dx| (step, dx)))
            .find(|c| at(*c).1 >= 0.0 && placed.iter().all(|p| !overlaps(at(*c), *p)));
        placed.push(at(free.unwrap_or((0, 0.0))));
    }
    placed
}

/// The stretch of the diagram's body the step is about: a column, the links between two,
/// or every link (left and width).
pub(super) fn focus_band(focus: Focus, g: &Geom) -> (f32, f32) {
    let column = |c: usize| (g.x(c) - 5.0, g.node + 10.0);
    let gap = |l: usize| (g.x(l) + g.node, g.col_w - g.node);
    match focus {
        Focus::Input => column(0),
        Focus::Forward(l) | Focus::Delta(l) => column(l + 1),
        Focus::Loss => column(g.cols - 1),
        Focus::Gradient(l) => gap(l),
        Focus::Update => (g.x(0) + g.node, g.x(g.cols - 1) - g.x(0) - g.node),
    }
}

#[cfg(test)]
mod tests {
    use super::super::shape::{BiasRef, LinkRef, Shape};
    use super::{bias_at, focus_band, link_at, overlaps, place_labels, Geom};
    use neuroplay::explain::{Focus, Label, Place};
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn link(layer: usize, from: usize, to: usize) -> LinkRef {
        LinkRef { layer, from, from_row: from, to, index: 0 }
    }

    #[test]
    fn the_diagram_fits_its_area_and_grows_with_it() {
        let small = Geom::fit(4, 7, 600.0, 400.0, 60.0, Geom::least_node(7, 7));
        let (w, h) = small.size();
        assert!(w <= 600.0 && h <= 400.0, "{w} × {h}");
        let large = Geom::fit(4, 7, 1100.0, 800.0, 60.0, Geom::least_node(7, 7));
        assert!(large.node > small.node, "{} then {}", small.node, large.node);
        // Ten columns of sixteen on a laptop: smaller neurons, still legible, still fits.
        let deep = Geom::fit(10, 16, 620.0, 250.0, 60.0, Geom::least_node(7, 7));
        assert!(deep.node >= Geom::least_node(7, 7));
        assert!(deep.size().0 <= 620.0 && deep.size().1 <= 250.0, "{:?}", deep.size());
        // The features' labels keep a line apart: seven rows of them need 10-pixel
        // neurons, seven spread beside sixteen 5, two beside sixteen a dot.
        assert_eq!(
            [Geom::least_node(7, 7), Geom::least_node(7, 8), Geom::least_node(7, 16), Geom::least_node(2, 16)],
            [10.0, 10.0, 5.0, 4.0]
        );
        // Ten columns of sixteen in a short panel: as small as the labels allow, and whole.
        let short = Geom::fit(10, 16, 620.0, 140.0, 60.0, Geom::least_node(7, 16));
        assert!(short.node < 10.0 && short.size().1 <= 140.0, "{short:?}");
        // Presented on a short projector: sixteen rows in 114 to 153 pixels fit whole (the
        // rows' rounding never adds the pixel that made the panel scroll), and the columns
        // keep the room their headers need.
        for h in [114.0, 130.0, 153.0] {
            let dots = Geom::fit(5, 16, 560.0, h, 60.0, Geom::LEAST_NODE);
            assert!(dots.size().1 <= h && dots.node >= Geom::LEAST_NODE, "{h}: {dots:?}");
            assert!(dots.col_w >= 100.0, "{h}: columns {} apart", dots.col_w);
        }
        // For fingers: neurons stay large, and the panel scrolls.
        let touch = Geom::fit(4, 7, 600.0, 200.0, 88.0, Geom::TOUCH_NODE);
        assert_eq!(touch.node, Geom::TOUCH_NODE);
    }

    #[test]
    fn the_walks_numbers_grow_with_a_small_network_and_stay_least_on_a_large_one() {
        let small = Geom::fit(3, 2, 1100.0, 780.0, 60.0, Geom::least_node(7, 7));
        assert!(small.num_scale() * 10.5 >= 18.0, "{}", small.num_scale());
        let deep = Geom::fit(10, 16, 900.0, 300.0, 60.0, Geom::least_node(7, 7));
        assert_eq!(deep.num_scale(), 1.0);
    }

    #[test]
    fn a_point_on_a_link_finds_that_link_and_only_near_it() {
        let g = Geom::fit(3, 4, 600.0, 400.0, 60.0, Geom::LEAST_NODE);
        let links = [link(0, 0, 0), link(0, 0, 3), link(0, 3, 3), link(1, 2, 0)];
        for (pos, l) in links.iter().enumerate() {
            let (x0, y0, x1, y1) = g.ends(l);
            // Points along the curve, from its parametric form.
            for t in [0.1f32, 0.3, 0.5, 0.7, 0.9] {
                let x = x0 + (x1 - x0) * (1.5 * t * (1.0 - t) + t * t * t);
                let y = y0 + (y1 - y0) * (3.0 * t * t - 2.0 * t * t * t);
                assert_eq!(link_at(&links, &g, x, y, 3.0), Some(pos), "t = {t} on link {pos}");
            }
        }
        let (x0, y0, x1, _) = g.ends(&links[0]);
        assert_eq!(link_at(&links, &g, (x0 + x1) / 2.0, y0 + g.pitch / 2.0 + 40.0, 3.0), None, "far from every link");
        assert_eq!(link_at(&links, &g, g.x(0) + 1.0, y0, 3.0), None, "on a neuron, not a link");
    }

    #[test]
    fn a_bias_dot_is_found_under_the_pointer_and_nowhere_else() {
        let g = Geom::fit(3, 7, 600.0, 400.0, 60.0, Geom::LEAST_NODE);
        let biases = [
            BiasRef { layer: 0, neuron: 0, index: 0 },
            BiasRef { layer: 0, neuron: 1, index: 1 },
            BiasRef { layer: 1, neuron: 0, index: 2 },
        ];
        for (pos, b) in biases.iter().enumerate() {
            let (cx, cy, r) = g.bias_mark(b.layer + 1, b.neuron);
            assert!(cx + r < g.x(b.layer + 1) && cy < g.y(b.neuron) + g.node, "left of its neuron's lower corner");
            assert_eq!(bias_at(&biases, &g, cx + r / 2.0, cy, 2.0), Some(pos));
        }
        let (cx, cy, _) = g.bias_mark(1, 0);
        assert_eq!(bias_at(&biases, &g, cx, cy - g.node / 2.0, 2.0), None, "where the links arrive");
    }

    #[test]
    fn the_walks_labels_stand_beside_their_neurons_and_never_cover_one_another() {
        let sh = Shape::two_two_one();
        let g = Geom::fit(sh.cols(), sh.rows(), 700.0, 450.0, 60.0, Geom::LEAST_NODE);
        let label = |place, lines: &[&str]| Label { place, lines: lines.iter().map(|l| l.to_string()).collect() };
        let mut labels = vec![
            label(Place::Neuron(0, 0), &["δ 0.01552"]),
            label(Place::Neuron(0, 1), &["δ 0.01831"]),
            label(Place::Neuron(1, 0), &["δ 0.1242"]),
        ];
        // Every weight of the first layer: two of them cross at the same middle.
        for (i, j) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
            labels.push(label(Place::Link(0, i, j), &["-0.0007758"]));
        }
        let rects = place_labels(&labels, &g, &sh);
        // A hidden neuron's numbers on its right, the output's on its left.
        assert_eq!(rects[0].0, g.x(1) + g.node + 3.0);
        assert_eq!(rects[0].1, g.y(0));
        assert!(rects[2].0 + rects[2].2 <= g.x(2));
        for a in 0..rects.len() {
            for b in a + 1..rects.len() {
                assert!(!overlaps(rects[a], rects[b]), "labels {a} and {b}: {:?} {:?}", rects[a], rects[b]);
            }
        }
        // A link's label stays near its link's middle.
        let (mx, my) = g.middle(&LinkRef { layer: 0, from: 0, from_row: 0, to: 0, index: 0 });
        assert!((rects[3].0 + rects[3].2 / 2.0 - mx).abs() <= rects[3].2 && (rects[3].1 + rects[3].3 / 2.0 - my).abs() <= 4.0 * rects[3].3);
    }

    #[test]
    fn the_steps_highlight_covers_its_column_or_the_gap_of_its_weights() {
        let g = Geom::fit(4, 4, 600.0, 400.0, 60.0, Geom::LEAST_NODE);
        let covers = |(left, width): (f32, f32), from: f32, to: f32| left <= from && left + width >= to;
        assert!(covers(focus_band(Focus::Input, &g), g.x(0), g.x(0) + g.node));
        assert!(covers(focus_band(Focus::Forward(1), &g), g.x(2), g.x(2) + g.node));
        assert!(covers(focus_band(Focus::Loss, &g), g.x(3), g.x(3) + g.node));
        assert_eq!(focus_band(Focus::Gradient(1), &g), (g.x(1) + g.node, g.x(2) - g.x(1) - g.node));
        assert_eq!(focus_band(Focus::Update, &g), (g.x(0) + g.node, g.x(3) - g.x(0) - g.node));
    }
}

//! Drawing math with no browser in it: the evaluation grid, colour maps and RGBA buffer
//! fills. The page only copies these buffers onto canvases.

use crate::data::{features_into, Feature, DOMAIN};
use crate::engine::{Activation, Matrix};

/// An RGB colour.
pub type Rgb = [u8; 3];

/// Class 0 / negative values (TensorFlow Playground's orange).
pub const ORANGE: Rgb = [245, 147, 34];
/// Class 1 / positive values (TensorFlow Playground's blue).
pub const BLUE: Rgb = [8, 119, 189];
/// The neutral middle of the diverging map.
pub const NEUTRAL: Rgb = [232, 234, 235];
/// One colour per class for K-class problems (class 0 orange and 1 blue, as in binary).
pub const CLASS_COLOURS: [Rgb; 6] = [ORANGE, BLUE, [46, 160, 67], [148, 103, 189], [214, 39, 40], [23, 190, 207]];

/// A square grid of `n × n` cells over the data square, row 0 at the top (largest x2).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Grid {
    /// Cells per side.
    pub n: usize,
    /// Half the side of the square.
    pub half: f32,
}

impl Grid {
    /// The grid the page uses for the decision boundary and the neurons.
    pub const fn new(n: usize) -> Self {
        Grid { n, half: DOMAIN }
    }

    /// The centre of cell (row, col) as (x1, x2).
    pub fn centre(&self, row: usize, col: usize) -> (f32, f32) {
        let step = 2.0 * self.half / self.n as f32;
        (-self.half + (col as f32 + 0.5) * step, self.half - (row as f32 + 0.5) * step)
    }

    /// The network inputs for every cell, row after row: `n² × features`.
    pub fn inputs(&self, features: &[Feature]) -> Matrix {
        let mut m = Matrix::zeros(self.n * self.n, features.len());
        for r in 0..self.n {
            for c in 0..self.n {
                let (x1, x2) = self.centre(r, c);
                features_into(features, x1, x2, m.row_mut(r * self.n + c));
            }
        }
        m
    }
}

/// Maps a data coordinate to a pixel position on a canvas of `size` pixels.
pub fn to_pixel(x1: f32, x2: f32, size: f32) -> (f32, f32) {
    ((x1 + DOMAIN) / (2.0 * DOMAIN) * size, (DOMAIN - x2) / (2.0 * DOMAIN) * size)
}

/// Maps a pixel position on a canvas of `size` pixels back to data coordinates.
pub fn from_pixel(px: f32, py: f32, size: f32) -> (f32, f32) {
    (px / size * 2.0 * DOMAIN - DOMAIN, DOMAIN - py / size * 2.0 * DOMAIN)
}

/// The plot's square, `[-DOMAIN, DOMAIN]²`, cut by the line `w₁·x₁ + w₂·x₂ + b = 0`: the
/// polygon where the sum is ≥ 0 and the one where it is < 0, corners in order (either may
/// be empty; with all weights 0 the sum is `b` everywhere).
pub fn split_square(w: [f32; 2], b: f32) -> [Vec<(f32, f32)>; 2] {
    let d = DOMAIN;
    let corners = [(-d, -d), (d, -d), (d, d), (-d, d)];
    let z = |(x, y): (f32, f32)| w[0] * x + w[1] * y + b;
    let mut sides = [Vec::new(), Vec::new()];
    for k in 0..4 {
        let (p, q) = (corners[k], corners[(k + 1) % 4]);
        let (zp, zq) = (z(p), z(q));
        sides[usize::from(zp < 0.0)].push(p);
        // The edge crosses the line: the crossing is a corner of both polygons.
        if (zp < 0.0) != (zq < 0.0) {
            let t = zp / (zp - zq);
            let cut = (p.0 + t * (q.0 - p.0), p.1 + t * (q.1 - p.1));
            sides[0].push(cut);
            sides[1].push(cut);
        }
    }
    sides
}

fn lerp(a: Rgb, b: Rgb, t: f32) -> Rgb {
    let t = t.clamp(0.0, 1.0);
    [0, 1, 2].map(|i| (a[i] as f32 + (b[i] as f32 - a[i] as f32) * t).round() as u8)
}

/// The diverging map: −1 orange, 0 neutral, +1 blue (NaN shows neutral).
pub fn diverging(v: f32) -> Rgb {
    if v.is_nan() {
        NEUTRAL
    } else if v < 0.0 {
        lerp(NEUTRAL, ORANGE, -v)
    } else {
        lerp(NEUTRAL, BLUE, v)
    }
}

fn put(out: &mut [u8], i: usize, c: Rgb) {
    out[4 * i..4 * i + 4].copy_from_slice(&[c[0], c[1], c[2], 255]);
}

/// Paints `to_signed(v)` of each value with the diverging map; `discretize` snaps to ±1.
fn paint_diverging(values: &[f32], discretize: bool, out: &mut [u8], to_signed: impl Fn(f32) -> f32) {
    assert_eq!(out.len(), values.len() * 4, "paint: RGBA buffer size");
    for (i, &v) in values.iter().enumerate() {
        let s = to_signed(v);
        let s = if !discretize {
            s
        } else if s >= 0.0 {
            1.0
        } else {
            -1.0
        };
        put(out, i, diverging(s));
    }
}

/// Paints values in [−1, 1] with the diverging map; `discretize` snaps them to ±1.
pub fn paint_signed(values: &[f32], discretize: bool, out: &mut [u8]) {
    paint_diverging(values, discretize, out, |v| v)
}

/// Paints probabilities of class 1 (sigmoid outputs) as the binary boundary.
pub fn paint_probability(probs: &[f32], discretize: bool, out: &mut [u8]) {
    paint_diverging(probs, discretize, out, |p| 2.0 * p - 1.0)
}

/// Paints a network's predictions over a grid: each class's colour for a softmax, the
/// orange–blue map of the positive class for one output aimed at the labels 0 and 1
/// (`classify`), the signed map for regression.
pub fn paint_predictions(
    output: crate::engine::Output,
    outputs: usize,
    classify: bool,
    predictions: &[f32],
    discretize: bool,
    out: &mut [u8],
) {
    match output {
        crate::engine::Output::Softmax => paint_classes(predictions, outputs, discretize, out),
        _ if classify => paint_probability(predictions, discretize, out),
        _ => paint_signed(predictions, discretize, out),
    }
}

/// Contour lines of an `n × n` grid of values (row 0 at the top) at each level, by
/// marching squares: segments between cell centres, in cell units (x to the right, y
/// down), each with the index of its level.
pub fn contours(values: &[f32], n: usize, levels: &[f32]) -> Vec<(usize, [(f32, f32); 2])> {
    assert_eq!(values.len(), n * n, "contours: not an n × n grid");
    let mut out = Vec::new();
    let v = |r: usize, c: usize| values[r * n + c];
    for (li, &level) in levels.iter().enumerate() {
        for r in 0..n.saturating_sub(1) {
            for c in 0..n - 1 {
                // Corners clockwise from the top left, and where the level crosses each edge.
                let corners = [
                    (c as f32, r as f32, v(r, c)),
                    (c as f32 + 1.0, r as f32, v(r, c + 1)),
                    (c as f32 + 1.0, r as f32 + 1.0, v(r + 1, c + 1)),
                    (c as f32, r as f32 + 1.0, v(r + 1, c)),
                ];
                if corners.iter().any(|k| !k.2.is_finite()) {
                    continue;
                }
                let mut hits = Vec::with_capacity(4);
                for e in 0..4 {
                    let (a, b) = (corners[e], corners[(e + 1) % 4]);
                    if (a.2 < level) != (b.2 < level) {
                        let t = (level - a.2) / (b.2 - a.2);
                        hits.push((a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1)));
                    }
                }
                // Two crossings make one segment; four (a saddle) make two.
                for pair in hits.chunks_exact(2) {
                    out.push((li, [pair[0], pair[1]]));
                }
            }
        }
    }
    out
}

/// Paints K-class probabilities (rows of `k`): the likeliest class's colour, paler the
/// less confident the network is (lightness from 1/K, a guess, to 1, certain).
pub fn paint_classes(probs: &[f32], k: usize, discretize: bool, out: &mut [u8]) {
    assert_eq!(probs.len() % k.max(1), 0, "paint: probabilities are not rows of k");
    assert_eq!(out.len(), probs.len() / k * 4, "paint: RGBA buffer size");
    for (i, row) in probs.chunks_exact(k).enumerate() {
        let (best, p) = row.iter().enumerate().fold((0, f32::MIN), |b, (j, &v)| if v > b.1 { (j, v) } else { b });
        let confidence = if discretize { 1.0 } else { (p - 1.0 / k as f32) / (1.0 - 1.0 / k as f32) };
        put(out, i, lerp(NEUTRAL, CLASS_COLOURS[best % CLASS_COLOURS.len()], confidence));
    }
}

/// Paints one class's probability (a softmax output neuron): neutral at 0, the class's
/// own colour at 1, the same colour its points and its regions of the boundary have
/// (NaN shows neutral).
pub fn paint_class_probability(probs: &[f32], class: usize, out: &mut [u8]) {
    assert_eq!(out.len(), probs.len() * 4, "paint: RGBA buffer size");
    let colour = CLASS_COLOURS[class % CLASS_COLOURS.len()];
    for (i, &p) in probs.iter().enumerate() {
        put(out, i, if p.is_nan() { NEUTRAL } else { lerp(NEUTRAL, colour, p) });
    }
}

/// The range an activation's outputs fall in, for colouring a neuron: bounded ones map
/// their range to [−1, 1]; unbounded ones scale by the largest magnitude seen.
pub fn neuron_scale(act: Activation, values: &[f32]) -> (f32, f32) {
    match act {
        Activation::Tanh => (-1.0, 1.0),
        Activation::Sigmoid | Activation::Step => (0.0, 1.0),
        _ => {
            let m = values.iter().fold(0.0f32, |m, v| if v.is_finite() { m.max(v.abs()) } else { m });
            let m = if m > 0.0 { m } else { 1.0 };
            (-m, m)
        }
    }
}

/// Paints a neuron's (or feature's) outputs, mapped from `range` to the diverging map.
pub fn paint_scaled(values: &[f32], range: (f32, f32), out: &mut [u8]) {
    let (lo, hi) = range;
    let span = if hi > lo { hi - lo } else { 1.0 };
    paint_diverging(values, false, out, |v| 2.0 * (v - lo) / span - 1.0)
}

/// CSS `rgb(…)` text of a colour.
pub fn css(c: Rgb) -> String {
    format!("rgb({},{},{})", c[0], c[1], c[2])
}

/// The colour of a point of class/value `label` on a problem with `classes` classes
/// (0 for regression: the label in [−1, 1] on the diverging map).
pub fn point_colour(label: f32, classes: usize) -> Rgb {
    if classes == 0 {
        diverging(label.clamp(-1.0, 1.0))
    } else {
        CLASS_COLOURS[(label.max(0.0) as usize) % CLASS_COLOURS.len()]
    }
}

/// A small scatter plot as an RGBA buffer (`size × size`): each point a 2×2 square in
/// its class colour on a light background. Used for the dataset thumbnails.
pub fn scatter_rgba(points: &[crate::data::Point], classes: usize, size: usize) -> Vec<u8> {
    let mut out = vec![0u8; size * size * 4];
    for px in out.chunks_exact_mut(4) {
        px.copy_from_slice(&[NEUTRAL[0], NEUTRAL[1], NEUTRAL[2], 255]);
    }
    dot_points(points, classes, size, 1.0, &mut out);
    out
}

/// Marks each point as a 2×2 square in its class colour times `shade` (below 1 darker,
/// to stand out on a heatmap of the same colours) on a `size × size` RGBA buffer.
pub fn dot_points(points: &[crate::data::Point], classes: usize, size: usize, shade: f32, out: &mut [u8]) {
    if out.len() != size * size * 4 {
        return;
    }
    for p in points {
        let (x, y) = to_pixel(p.x1, p.x2, size as f32);
        let c = point_colour(p.label, classes).map(|v| (v as f32 * shade).round().clamp(0.0, 255.0) as u8);
        for dy in 0..2 {
            for dx in 0..2 {
                let (xi, yi) = (x as isize + dx - 1, y as isize + dy - 1);
                if xi >= 0 && yi >= 0 && (xi as usize) < size && (yi as usize) < size {
                    let i = (yi as usize * size + xi as usize) * 4;
                    out[i..i + 4].copy_from_slice(&[c[0], c[1], c[2], 255]);
                }
            }
        }
    }
}

/// A dot to stamp: a disc of `radius` pixels around `centre` filled with `fill`, its
/// outer `ring` pixels in `edge`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dot {
    /// Its middle, in pixels.
    pub centre: (f32, f32),
    /// Its radius, in pixels.
    pub radius: f32,
    /// The ring's width, in pixels.
    pub ring: f32,
    /// The inside's colour.
    pub fill: Rgb,
    /// The ring's colour.
    pub edge: Rgb,
}

/// Stamps a dot on a `w × h` RGBA buffer, its rim anti-aliased through alpha (the buffer
/// is put over what lies below it, not blended into).
pub fn stamp_dot(out: &mut [u8], (w, h): (usize, usize), dot: Dot) {
    let Dot { centre: (cx, cy), radius, ring, fill, edge } = dot;
    if out.len() != w * h * 4 || radius.is_nan() || radius <= 0.0 {
        return;
    }
    let (x0, x1) = ((cx - radius - 1.0).floor().max(0.0) as usize, ((cx + radius + 1.0).ceil().max(0.0) as usize).min(w));
    let (y0, y1) = ((cy - radius - 1.0).floor().max(0.0) as usize, ((cy + radius + 1.0).ceil().max(0.0) as usize).min(h));
    for y in y0..y1 {
        for x in x0..x1 {
            // The distance from the pixel's centre.
            let d = ((x as f32 + 0.5 - cx).powi(2) + (y as f32 + 0.5 - cy).powi(2)).sqrt();
            let cover = (radius + 0.5 - d).clamp(0.0, 1.0);
            if cover == 0.0 {
                continue;
            }
            let c = if d < radius - ring { fill } else { edge };
            let i = (y * w + x) * 4;
            out[i..i + 4].copy_from_slice(&[c[0], c[1], c[2], (cover * 255.0).round() as u8]);
        }
    }
}

/// A feature's values over the grid as an RGBA buffer, scaled by its largest magnitude.
pub fn feature_rgba(feature: Feature, grid: &Grid) -> Vec<u8> {
    let inputs = grid.inputs(&[feature]);
    let values = inputs.as_slice();
    let m = values.iter().fold(0.0f32, |m, v| m.max(v.abs())).max(1e-6);
    let mut out = vec![0u8; values.len() * 4];
    paint_scaled(values, (-m, m), &mut out);
    out
}

/// Round ticks for an axis running from `lo` to `hi` in the data's own units: about
/// `count` of them, a step of 1, 2 or 5 times a power of ten, each with its label written
/// with as many decimals as the step needs (no "-5.548" beside "-5.386").
pub fn nice_ticks(lo: f32, hi: f32, count: usize) -> Vec<(f32, String)> {
    let (lo, hi) = (lo.min(hi), lo.max(hi));
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) || count == 0 {
        return Vec::new();
    }
    let raw = span / count as f32;
    let mag = 10f32.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * mag).find(|s| *s >= raw).unwrap_or(10.0 * mag);
    let decimals = (-step.log10().floor()).max(0.0) as usize;
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last)
        .map(|k| {
            let v = k as f32 * step;
            let text = format!("{:.*}", decimals, v);
            // No "-0".
            let text = if text.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') {
                text.trim_start_matches('-').to_string()
            } else {
                text
            };
            (v, text)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn ticks_are_round_in_the_datas_units_and_labelled_alike() {
        let t = super::nice_ticks(-5.7, 8.2, 5);
        let labels: Vec<&str> = t.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(labels, vec!["-5", "0", "5"]);
        let t = super::nice_ticks(0.00012, 0.00161, 5);
        assert_eq!(t.iter().map(|(_, s)| s.as_str()).collect::<Vec<_>>(), vec!["0.0005", "0.0010", "0.0015"]);
        let t = super::nice_ticks(-5.6, -5.3, 4);
        assert!(t.iter().all(|(_, s)| s.len() <= 5), "{t:?}");
        assert!(super::nice_ticks(1.0, 1.0, 5).is_empty());
    }

    use super::*;

    #[test]
    fn contour_segments_lie_on_their_level() {
        // A bowl: r² around the centre; the level 25 is the circle of radius 5.
        let n = 31;
        let values: Vec<f32> = (0..n * n).map(|i| ((i % n) as f32 - 15.0).powi(2) + ((i / n) as f32 - 15.0).powi(2)).collect();
        let segs = contours(&values, n, &[25.0, 100.0]);
        assert!(segs.iter().filter(|s| s.0 == 0).count() >= 20);
        for (level, s) in &segs {
            let radius = [5.0, 10.0][*level];
            for (x, y) in s {
                let r = ((x - 15.0).powi(2) + (y - 15.0).powi(2)).sqrt();
                assert!((r - radius).abs() < 0.1, "level {level}: point at radius {r}");
            }
        }
    }
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn grid_cells_cover_the_square_top_row_first() {
        let g = Grid::new(4);
        assert_eq!(g.centre(0, 0), (-4.5, 4.5));
        assert_eq!(g.centre(3, 3), (4.5, -4.5));
        let m = g.inputs(&[Feature::X1, Feature::X2, Feature::X1X2]);
        assert_eq!((m.rows(), m.cols()), (16, 3));
        assert_eq!(m.row(1), &[-1.5, 4.5, -6.75]);
        let (px, py) = to_pixel(-6.0, 6.0, 400.0);
        assert_eq!((px, py), (0.0, 0.0));
        let (x1, x2) = from_pixel(300.0, 100.0, 400.0);
        assert_eq!((x1, x2), (3.0, 3.0));
    }

    #[test]
    fn colour_maps() {
        assert_eq!(diverging(-1.0), ORANGE);
        assert_eq!(diverging(1.0), BLUE);
        assert_eq!(diverging(0.0), NEUTRAL);
        assert_eq!(diverging(f32::NAN), NEUTRAL);
        assert_eq!(diverging(7.0), BLUE, "clamped");
        let mut out = vec![0u8; 12];
        paint_probability(&[0.0, 0.5, 0.9], false, &mut out);
        assert_eq!(&out[0..4], &[ORANGE[0], ORANGE[1], ORANGE[2], 255]);
        assert_eq!(&out[4..8], &[NEUTRAL[0], NEUTRAL[1], NEUTRAL[2], 255]);
        paint_probability(&[0.0, 0.5, 0.6], true, &mut out);
        assert_eq!(&out[8..11], &BLUE);
        // Three classes: a sure class-2 cell is green, a 1/3-each cell is neutral.
        let mut out = vec![0u8; 8];
        paint_classes(&[0.0, 0.0, 1.0, 1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0], 3, false, &mut out);
        assert_eq!(&out[0..3], &CLASS_COLOURS[2]);
        assert_eq!(&out[4..7], &NEUTRAL);
        // One softmax output neuron: its own class's colour, not the binary map (class 0
        // is orange there too, class 2 green); 0 and NaN are neutral.
        let mut out = vec![0u8; 16];
        paint_class_probability(&[1.0, 0.0, f32::NAN, 0.5], 0, &mut out);
        assert_eq!((&out[0..3], &out[4..7], &out[8..11]), (&ORANGE[..], &NEUTRAL[..], &NEUTRAL[..]));
        paint_class_probability(&[1.0, 0.0, f32::NAN, 0.5], 2, &mut out);
        assert_eq!(&out[0..3], &CLASS_COLOURS[2]);
        assert_eq!(&out[12..15], &lerp(NEUTRAL, CLASS_COLOURS[2], 0.5));
    }

    #[test]
    fn thumbnails() {
        let pts = [crate::data::Point { x1: -6.0, x2: 6.0, label: 0.0 }, crate::data::Point { x1: 0.0, x2: 0.0, label: 1.0 }];
        let img = scatter_rgba(&pts, 2, 10);
        assert_eq!(img.len(), 400);
        assert_eq!(&img[0..3], &ORANGE, "top-left point");
        let centre = (5 * 10 + 5) * 4;
        assert_eq!(&img[centre..centre + 3], &BLUE);
        assert_eq!(&img[(9 * 10 + 9) * 4..(9 * 10 + 9) * 4 + 3], &NEUTRAL, "empty corner");
        let f = feature_rgba(Feature::X1, &Grid::new(10));
        assert_eq!(f.len(), 400);
        assert!(f[0] > f[9 * 4], "x1 runs from orange (left) to blue (right)");
    }

    #[test]
    fn neuron_scales_and_scaled_painting() {
        assert_eq!(neuron_scale(Activation::Tanh, &[5.0]), (-1.0, 1.0));
        assert_eq!(neuron_scale(Activation::Relu, &[0.0, 2.0, 0.5]), (-2.0, 2.0));
        assert_eq!(neuron_scale(Activation::Relu, &[0.0, 0.0]), (-1.0, 1.0));
        // Values 0 and 1 on [0, 1]: orange then blue.
        let mut out = vec![0u8; 8];
        paint_scaled(&[0.0, 1.0], (0.0, 1.0), &mut out);
        assert_eq!(&out[0..3], &ORANGE);
        assert_eq!(&out[4..7], &BLUE);
    }

    #[test]
    fn a_dot_is_filled_inside_ringed_at_its_edge_and_soft_at_its_rim() {
        let (w, h) = (20, 20);
        let mut out = vec![0u8; w * h * 4];
        stamp_dot(&mut out, (w, h), Dot { centre: (10.0, 10.0), radius: 6.0, ring: 1.5, fill: [200, 0, 0], edge: [0, 0, 200] });
        let px = |out: &[u8], x: usize, y: usize| -> [u8; 4] { out[(y * w + x) * 4..(y * w + x) * 4 + 4].try_into().unwrap() };
        assert_eq!(px(&out, 10, 10), [200, 0, 0, 255], "the middle is filled");
        assert_eq!(px(&out, 5, 10), [0, 0, 200, 255], "the edge is ringed");
        assert_eq!(px(&out, 1, 1), [0, 0, 0, 0], "outside is left alone");
        let rim = px(&out, 14, 14)[3];
        assert!(rim > 0 && rim < 255, "the rim is partly covered: {rim}");
        // Off the buffer's edge: only what is inside is drawn.
        stamp_dot(&mut out, (w, h), Dot { centre: (0.0, 19.0), radius: 4.0, ring: 1.0, fill: [1, 2, 3], edge: [1, 2, 3] });
        assert_eq!(px(&out, 0, 19)[3], 255);
    }

    #[test]
    fn a_line_splits_the_plot_into_two_polygons_on_its_two_sides() {
        let area = |p: &[(f32, f32)]| {
            (0..p.len()).map(|i| p[i].0 * p[(i + 1) % p.len()].1 - p[(i + 1) % p.len()].0 * p[i].1).sum::<f32>().abs() / 2.0
        };
        let whole = (2.0 * DOMAIN).powi(2);
        // x₁ = 1: the part right of it is where the sum is positive.
        let [pos, neg] = split_square([1.0, 0.0], -1.0);
        assert!((area(&pos) - 2.0 * DOMAIN * (DOMAIN - 1.0)).abs() < 1e-3, "{pos:?}");
        assert!((area(&pos) + area(&neg) - whole).abs() < 1e-3);
        assert!(pos.iter().all(|p| p.0 >= 1.0 - 1e-5) && neg.iter().all(|p| p.0 <= 1.0 + 1e-5));
        // A diagonal cuts two corners' worth each way, every polygon corner on its side.
        let (w, b) = ([0.7, -1.3], 0.4);
        let [pos, neg] = split_square(w, b);
        assert!((area(&pos) + area(&neg) - whole).abs() < 1e-2);
        assert!(pos.iter().all(|p| w[0] * p.0 + w[1] * p.1 + b >= -1e-4));
        assert!(neg.iter().all(|p| w[0] * p.0 + w[1] * p.1 + b <= 1e-4));
        // No line at all: the sign of the bias everywhere.
        assert_eq!(split_square([0.0, 0.0], 0.0)[1], vec![]);
        assert_eq!(split_square([0.0, 0.0], -1.0)[0], vec![]);
    }
}

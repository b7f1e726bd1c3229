//! The figure for slides (`train --plot FILE.svg`): the decision boundary with the data on
//! top, and the loss curves, drawn with plotters' SVG backend. Axes speak in the data's
//! own units (an imported file's, or the plot's ±6).

use crate::config::Settings;
use crate::data::{DatasetKind, Point, DOMAIN};
use crate::engine::{StepStats, Trainer};
use crate::viz::{self, Grid};
use plotters::prelude::*;

/// Cells per side of the boundary in the figure.
pub const CELLS: usize = 80;

fn rgb(c: viz::Rgb) -> RGBColor {
    RGBColor(c[0], c[1], c[2])
}

/// Draws the figure; `history` is the run's `[epoch, train, test]` record.
pub fn svg(settings: &Settings, trainer: &mut Trainer, points: &[(Point, bool)], history: &[StepStats]) -> Result<String, String> {
    let mut out = String::new();
    draw(settings, trainer, points, history, &mut out).map_err(|e| format!("the figure could not be drawn ({e})"))?;
    Ok(out)
}

fn draw(
    settings: &Settings,
    trainer: &mut Trainer,
    points: &[(Point, bool)],
    history: &[StepStats],
    out: &mut String,
) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(out, (1000, 480)).into_drawing_area();
    root.fill(&WHITE)?;
    let (left, right) = root.split_horizontally(500);
    let custom = settings.custom.as_deref().filter(|_| settings.dataset == DatasetKind::Custom);
    // Plot coordinates ±6 and the units the axes show.
    let units = |x1: f32, x2: f32| custom.map_or((x1, x2), |c| c.from_plot(x1, x2));
    let (lo, hi) = (units(-DOMAIN, -DOMAIN), units(DOMAIN, DOMAIN));
    let names = custom.map_or(["x1".to_string(), "x2".to_string()], |c| [c.columns[0].clone(), c.columns[1].clone()]);
    let mut chart = ChartBuilder::on(&left)
        .caption(format!("Decision boundary after {} epochs", trainer.stats().epoch), ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(52)
        .build_cartesian_2d(lo.0..hi.0, lo.1..hi.1)?;
    chart.configure_mesh().disable_mesh().x_desc(names[0].as_str()).y_desc(names[1].as_str()).draw()?;

    let grid = Grid::new(CELLS);
    let net = trainer.network_mut();
    let predictions = net.infer(&grid.inputs(&settings.features)).as_slice().to_vec();
    let (output, outputs) = (net.config().output, net.config().outputs);
    let mut rgba = vec![0u8; CELLS * CELLS * 4];
    viz::paint_predictions(output, outputs, trainer.classifies(), &predictions, false, &mut rgba);
    let step = 2.0 * DOMAIN / CELLS as f32;
    chart.draw_series((0..CELLS * CELLS).map(|i| {
        let (row, col) = (i / CELLS, i % CELLS);
        let (x1, x2) = grid.centre(row, col);
        let a = units(x1 - step / 2.0, x2 - step / 2.0);
        let b = units(x1 + step / 2.0, x2 + step / 2.0);
        let px = &rgba[i * 4..i * 4 + 3];
        Rectangle::new([a, b], RGBColor(px[0], px[1], px[2]).filled())
    }))?;
    let classes = if trainer.classifies() { settings.classes() } else { 0 };
    chart.draw_series(points.iter().map(|(p, test)| {
        let at = units(p.x1, p.x2);
        let edge = if *test { BLACK } else { WHITE };
        EmptyElement::at(at)
            + Circle::new((0, 0), 4, rgb(viz::point_colour(p.label, classes)).filled())
            + Circle::new((0, 0), 4, edge.stroke_width(1))
    }))?;

    let top = history.iter().flat_map(|s| [s.train_loss, s.test_loss]).filter(|v| v.is_finite()).fold(0.0f32, f32::max).max(1e-3) * 1.05;
    let last = history.last().map_or(1, |s| s.epoch.max(1));
    let mut loss = ChartBuilder::on(&right)
        .caption("Loss", ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(52)
        .build_cartesian_2d(0..last, 0f32..top)?;
    loss.configure_mesh()
        .light_line_style(RGBColor(242, 242, 242))
        .x_desc("epoch")
        .y_desc(format!("loss ({})", net_loss_name(trainer)))
        .draw()?;
    let series = |pick: fn(&StepStats) -> f32| history.iter().map(move |s| (s.epoch, pick(s))).filter(|p| p.1.is_finite());
    loss.draw_series(LineSeries::new(series(|s| s.train_loss), rgb(viz::BLUE).stroke_width(2)))?
        .label("training")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], rgb(viz::BLUE).stroke_width(2)));
    loss.draw_series(LineSeries::new(series(|s| s.test_loss), rgb(viz::ORANGE).stroke_width(2)))?
        .label("test")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], rgb(viz::ORANGE).stroke_width(2)));
    loss.configure_series_labels().position(SeriesLabelPosition::UpperRight).background_style(WHITE.mix(0.8)).border_style(BLACK).draw()?;
    root.present()?;
    Ok(())
}

fn net_loss_name(trainer: &Trainer) -> &'static str {
    trainer.network().config().loss.name()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_figure_has_the_boundary_the_points_and_both_curves() {
        let s = Settings::parse("dataset=xor&layers=4&points=100").unwrap();
        let split = s.data();
        let mut t = s.trainer().unwrap();
        let mut history = vec![t.stats()];
        for _ in 0..5 {
            history.push(t.train_epoch());
        }
        let points: Vec<(Point, bool)> = split.train.iter().map(|p| (*p, false)).chain(split.test.iter().map(|p| (*p, true))).collect();
        let svg = svg(&s, &mut t, &points, &history).unwrap();
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        assert!(svg.matches("<rect").count() >= CELLS * CELLS, "every boundary cell");
        assert!(svg.matches("<circle").count() >= 2 * 100, "every point, filled and outlined");
        assert!(svg.contains("<polyline") && svg.contains("training") && svg.contains("epoch"));
        assert!(svg.contains("Decision boundary after 5 epochs"));
    }
}

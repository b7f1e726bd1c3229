//! A trained model's answers for points given in the data's own units: what
//! `neuroplay predict` prints and what the exported Python programs print, line for line.

use crate::config::Settings;
use crate::data::{self, DatasetKind, Problem};
use crate::engine::{Matrix, Network, Output};

/// For each `(x1, x2)`: the probability of the positive class (two classes), one
/// probability per class (K classes), or the prediction in the data's units (regression).
/// With one output that is not a sigmoid, the output itself stands for the positive class.
pub fn predict_rows(settings: &Settings, net: &mut Network, rows: &[(f32, f32)]) -> Vec<Vec<f32>> {
    let custom = settings.custom.as_deref().filter(|_| settings.dataset == DatasetKind::Custom);
    let features = &settings.features;
    let mut x = Matrix::zeros(rows.len(), features.len());
    for (i, &(x1, x2)) in rows.iter().enumerate() {
        let (p1, p2) = custom.map_or((x1, x2), |c| c.to_plot(x1, x2));
        data::features_into(features, p1, p2, x.row_mut(i));
    }
    let out = net.predict(&x);
    let (problem, output) = (settings.problem(), net.config().output);
    (0..rows.len())
        .map(|i| {
            let row = out.row(i);
            match (problem, output) {
                (Problem::Regression, _) => vec![custom.map_or(row[0], |c| c.target_from_plot(row[0]))],
                (Problem::Binary, Output::Softmax) => vec![row[1]],
                _ => row.to_vec(),
            }
        })
        .collect()
}

/// One line of answers: each number with 6 decimals, separated by commas.
pub fn format_row(values: &[f32]) -> String {
    values.iter().map(|v| format!("{v:.6}")).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn answers_have_the_shape_of_the_problem() {
        let rows = [(0.0, 0.0), (3.0, -2.0)];
        for (config, width) in [("", 1), ("loss=xent", 1), ("dataset=blobs&classes=4", 4), ("dataset=reg-plane", 1)] {
            let s = Settings::parse(config).unwrap();
            let mut net = s.network();
            let out = predict_rows(&s, &mut net, &rows);
            assert_eq!(out.len(), 2);
            assert!(out.iter().all(|r| r.len() == width), "{config}: {out:?}");
            if width == 4 {
                assert!((out[0].iter().sum::<f32>() - 1.0).abs() < 1e-5, "probabilities sum to 1");
            }
        }
        assert_eq!(format_row(&[0.5, 1.0 / 3.0]), "0.500000,0.333333");
    }
}

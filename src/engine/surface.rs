//! The loss surface: the loss over a plane through parameter space, and where a run's
//! weights fall on that plane. A network with exactly two weights is seen whole, in its
//! own weights; any other through a slice: two chosen weights, or two random directions
//! scaled neuron by neuron to the size of that neuron's weights (Li et al. 2018,
//! "Visualizing the Loss Landscape of Neural Nets"), so the picture does not depend on
//! how large the weights happen to be.

use super::network::Network;
use super::rng::Rng;
use super::trainer::Samples;

/// A plane in parameter space: `origin + a·d1 + b·d2`.
#[derive(Clone, Debug, PartialEq)]
pub struct Slice {
    /// The point at (0, 0).
    pub origin: Vec<f32>,
    /// The first direction (the horizontal axis).
    pub d1: Vec<f32>,
    /// The second direction (the vertical axis).
    pub d2: Vec<f32>,
    /// What the axes are, for a student (names the weights, or says "random directions").
    pub label: String,
    /// The axes are the weights themselves (their values), not offsets along directions.
    pub absolute: bool,
}

fn unit(n: usize, i: usize) -> Vec<f32> {
    let mut v = vec![0.0; n];
    v[i] = 1.0;
    v
}

impl Slice {
    /// The plane of two weights (flat indices `i`, `j`), everything else as in `net`:
    /// the axes are the two weights' own values.
    pub fn weights(net: &Network, i: usize, j: usize, label: impl Into<String>) -> Slice {
        let n = net.params().len();
        assert!(i < n && j < n && i != j, "Slice::weights: two different parameters");
        let mut origin = net.params().to_vec();
        origin[i] = 0.0;
        origin[j] = 0.0;
        Slice { origin, d1: unit(n, i), d2: unit(n, j), label: label.into(), absolute: true }
    }

    /// The best plane for `net`: its own two weights when it has exactly two parameters,
    /// else two random directions through its current weights, each direction scaled per
    /// neuron to the norm of that neuron's incoming weights (biases and batch
    /// normalization held still).
    pub fn for_network(net: &Network, rng: &mut Rng) -> Slice {
        let n = net.params().len();
        if n == 2 {
            return Slice::weights(net, 0, 1, "the network's only two weights, w₁ and w₂");
        }
        let mut direction = || {
            let mut d = vec![0.0f32; n];
            for layer in net.layers() {
                for j in 0..layer.outputs {
                    let idx: Vec<usize> = (0..layer.inputs).map(|i| layer.weight_index(i, j)).collect();
                    let r: Vec<f32> = idx.iter().map(|_| rng.normal(0.0, 1.0)).collect();
                    let norm_r = r.iter().map(|v| v * v).sum::<f32>().sqrt().max(1e-12);
                    let norm_w = idx.iter().map(|&k| net.params()[k] * net.params()[k]).sum::<f32>().sqrt();
                    for (&k, v) in idx.iter().zip(&r) {
                        d[k] = v / norm_r * norm_w;
                    }
                }
            }
            d
        };
        let (d1, d2) = (direction(), direction());
        Slice {
            origin: net.params().to_vec(),
            d1,
            d2,
            label: "a slice through the current weights along two random directions, scaled to each neuron's weights".into(),
            absolute: false,
        }
    }

    /// The parameters at (a, b).
    pub fn point(&self, a: f32, b: f32) -> Vec<f32> {
        self.origin.iter().zip(&self.d1).zip(&self.d2).map(|((o, x), y)| o + a * x + b * y).collect()
    }

    /// Where `params` falls on the plane: the (a, b) whose point is nearest (least
    /// squares; exact for points of the plane).
    pub fn project(&self, params: &[f32]) -> (f32, f32) {
        let dot = |u: &[f32], v: &[f32]| u.iter().zip(v).map(|(x, y)| *x as f64 * *y as f64).sum::<f64>();
        let delta: Vec<f32> = params.iter().zip(&self.origin).map(|(p, o)| p - o).collect();
        let (g11, g12, g22) = (dot(&self.d1, &self.d1), dot(&self.d1, &self.d2), dot(&self.d2, &self.d2));
        let (r1, r2) = (dot(&self.d1, &delta), dot(&self.d2, &delta));
        let det = g11 * g22 - g12 * g12;
        if det.abs() < 1e-20 {
            return (0.0, 0.0);
        }
        (((r1 * g22 - r2 * g12) / det) as f32, ((r2 * g11 - r1 * g12) / det) as f32)
    }
}

/// The mean data loss of `samples` at every point of an `n × n` grid over
/// `a ∈ [a0, a1]`, `b ∈ [b0, b1]`: row 0 at the top (largest b), as the page draws it.
/// `net` is used as scratch and its weights are put back.
pub fn surface(net: &mut Network, samples: &Samples, slice: &Slice, (a0, a1, b0, b1): (f32, f32, f32, f32), n: usize) -> Vec<f32> {
    let saved = net.params().to_vec();
    let mut out = Vec::with_capacity(n * n);
    let at = |i: usize, lo: f32, hi: f32| lo + (hi - lo) * (i as f32 + 0.5) / n as f32;
    for row in 0..n {
        for col in 0..n {
            net.set_params(&slice.point(at(col, a0, a1), at(n - 1 - row, b0, b1)));
            net.forward(&samples.inputs, None);
            out.push(net.loss(&samples.targets));
        }
    }
    net.set_params(&saved);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Activation, Loss, Matrix, NetworkConfig, Output};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn samples() -> Samples {
        let inputs = Matrix::from_rows(&[vec![1.0, 0.5], vec![-1.0, 2.0], vec![0.3, -1.2], vec![2.0, 1.0]]);
        let targets = Matrix::from_rows(&[vec![1.0], vec![0.0], vec![0.0], vec![1.0]]);
        Samples { inputs, targets }
    }

    #[test]
    fn a_two_weight_network_is_seen_in_its_own_weights() {
        let mut c = NetworkConfig::new(2, &[], Activation::Linear, 1, Output::Sigmoid, Loss::BinaryCrossEntropy);
        c.bias = false;
        let mut net = c.init(&mut Rng::new(1));
        let slice = Slice::for_network(&net, &mut Rng::new(2));
        assert!(slice.absolute && slice.label.contains("two weights"));
        let s = samples();
        let grid = surface(&mut net, &s, &slice, (-2.0, 2.0, -3.0, 3.0), 4);
        // Cell (row 0, col 3) is a = 1.5, b = 2.25: the loss with exactly those weights.
        let mut probe = net.clone();
        probe.set_params(&[1.5, 2.25]);
        probe.forward(&s.inputs, None);
        assert_eq!(grid[3], probe.loss(&s.targets));
        assert_eq!(slice.project(&[0.7, -0.4]), (0.7, -0.4));
    }

    #[test]
    fn random_directions_are_scaled_per_neuron_and_projection_finds_points() {
        let net = NetworkConfig::new(2, &[3, 2], Activation::Tanh, 1, Output::Sigmoid, Loss::BinaryCrossEntropy).init(&mut Rng::new(3));
        let slice = Slice::for_network(&net, &mut Rng::new(4));
        assert!(!slice.absolute);
        for layer in net.layers() {
            for j in 0..layer.outputs {
                let idx: Vec<usize> = (0..layer.inputs).map(|i| layer.weight_index(i, j)).collect();
                let norm = |v: &[f32]| idx.iter().map(|&k| v[k] * v[k]).sum::<f32>().sqrt();
                assert!((norm(&slice.d1) - norm(net.params())).abs() < 1e-5);
            }
            assert!(layer.biases.clone().all(|k| slice.d1[k] == 0.0 && slice.d2[k] == 0.0), "biases held still");
        }
        let (a, b) = slice.project(&slice.point(0.3, -0.8));
        assert!((a - 0.3).abs() < 1e-4 && (b + 0.8).abs() < 1e-4, "{a} {b}");
        assert_eq!(slice.project(net.params()), (0.0, 0.0));
    }
}

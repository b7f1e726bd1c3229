//! The hot loops of training: matrix products and vector updates.
//!
//! Each backend implements the tiny [`Kernels`] trait (`axpy`, `dot`); the matrix
//! products below are written once on top of it. [`Scalar`] works everywhere;
//! [`Simd`] uses WASM SIMD (f32x4) and exists only on wasm32 built with `simd128`.
//! [`Active`] is the one the engine calls.
//!
//! Matrices are row-major `f32` slices; sizes are passed explicitly and checked.
//!
//! The products, and the passes of the network and trainer that call them, are marked
//! `#[inline(never)]`. A wasm engine compiles one function at a time, and with every
//! kernel inlined into the training step that function grew too big to compile well:
//! out of line, the small benchmark network trained 1.65× faster under Node (4.0 → 6.7
//! million examples/s).

pub mod scalar;
pub use scalar::Scalar;

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub use simd::Simd;

/// The backend the engine uses on this target.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub type Active = Simd;
/// The backend the engine uses on this target.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
pub type Active = Scalar;

/// log₂e, for range reduction in the fast exponential.
pub const LOG2E: f32 = std::f32::consts::LOG2_E;
/// ln 2 split in two: the high part has few bits, so n·LN2_HI is exact.
pub const LN2_HI: f32 = 0.693_359_4;
/// ln 2 − LN2_HI.
pub const LN2_LO: f32 = -2.121_944_4e-4;
/// 1/k! for k = 0..6: the Taylor polynomial of eʳ on |r| ≤ ln2/2.
pub const EXP_C: [f32; 7] = [1.0, 1.0, 0.5, 1.0 / 6.0, 1.0 / 24.0, 1.0 / 120.0, 1.0 / 720.0];
/// The fast tanh clamps |x| here; tanh(7) is within 1.7e-6 of 1.
pub const TANH_CLAMP: f32 = 7.0;
/// Numerator of the fast tanh, x·N(x²)/D(x²): a rational fit of degree 3 over 3 in x² for
/// the smallest worst relative error on (0, 7], 1.2e-6 (tools/tanh_coefficients.py fits
/// them). It takes 6 multiply–add pairs where a continued fraction of the same accuracy
/// takes 10.
pub const TANH_N: [f32; 4] = [0.999_999, 0.123_220_23, 2.293_059_8e-3, 3.995_736e-6];
/// Denominator of the fast tanh (see [`TANH_N`]).
pub const TANH_D: [f32; 4] = [1.0, 0.456_545_83, 2.115_148e-2, 1.439_813e-4];
/// Beyond this |x|, σ(x) is 0 or 1 in f32.
pub const SIGMOID_CLAMP: f32 = 30.0;

/// What a GEMM does with each result as it stores it (its epilogue). In the forward pass:
/// besides the weighted sums `z`, write an activation of them into a second buffer of the
/// same shape. In the backward pass (`δ·Wᵀ`): store each result times the slope of the
/// previous layer's activation, read from that layer's outputs `y`.
pub enum Post<'a> {
    /// Only the sums.
    None,
    /// Also tanh(z).
    Tanh(&'a mut [f32]),
    /// Also σ(z).
    Sigmoid(&'a mut [f32]),
    /// Also max(z, 0).
    Relu(&'a mut [f32]),
    /// Each result times tanh′ = 1 − y², for the given y.
    TanhSlope(&'a [f32]),
    /// Each result times σ′ = y·(1 − y), for the given y.
    SigmoidSlope(&'a [f32]),
}

impl Post<'_> {
    /// The epilogue done after the product, with the scalar functions.
    pub fn apply_scalar(self, z: &mut [f32]) {
        match self {
            Post::None => {}
            Post::Tanh(y) => Scalar::tanh(z, &mut y[..z.len()]),
            Post::Sigmoid(y) => Scalar::sigmoid(z, &mut y[..z.len()]),
            Post::Relu(y) => Scalar::relu(z, &mut y[..z.len()]),
            Post::TanhSlope(y) => z.iter_mut().zip(y).for_each(|(d, &y)| *d = tanh_slope(*d, y)),
            Post::SigmoidSlope(y) => z.iter_mut().zip(y).for_each(|(d, &y)| *d = sigmoid_slope(*d, y)),
        }
    }

    fn len(&self) -> Option<usize> {
        match self {
            Post::None => None,
            Post::Tanh(y) | Post::Sigmoid(y) | Post::Relu(y) => Some(y.len()),
            Post::TanhSlope(y) | Post::SigmoidSlope(y) => Some(y.len()),
        }
    }
}

/// `d · (1 − y²)`: a gradient through tanh, from its output y.
#[inline(always)]
pub fn tanh_slope(d: f32, y: f32) -> f32 {
    d * (1.0 - y * y)
}

/// `d · y·(1 − y)`: a gradient through σ, from its output y.
#[inline(always)]
pub fn sigmoid_slope(d: f32, y: f32) -> f32 {
    d * (y * (1.0 - y))
}

/// The primitives a backend provides; the backends differ only in how they compute.
pub trait Kernels {
    /// `y += alpha * x` (equal lengths).
    fn axpy(alpha: f32, x: &[f32], y: &mut [f32]);
    /// `Σ x[i] * y[i]` (equal lengths).
    fn dot(x: &[f32], y: &[f32]) -> f32;
    /// `C (m×n) = bias + A (m×k) · B (k×n)`, then the epilogue `post`. Sizes are checked
    /// by the caller ([`gemm_post`]).
    #[allow(clippy::too_many_arguments)]
    fn gemm(m: usize, k: usize, n: usize, a: &[f32], b: &[f32], bias: Option<&[f32]>, c: &mut [f32], post: Post<'_>);
    /// `C (k×n) += Aᵀ · B` with A (m×k) and B (m×n).
    fn gemm_tn_acc(m: usize, k: usize, n: usize, a: &[f32], b: &[f32], c: &mut [f32]);
    /// `out (n) += column sums of A (m×n)`, each column summed from `out`'s value down the
    /// rows in order. Sizes are checked by the caller ([`col_sums_acc`]).
    fn col_sums_acc(m: usize, n: usize, a: &[f32], out: &mut [f32]);
    /// `dst (cols×rows) = srcᵀ` for `src` (rows×cols); exact, so every backend agrees.
    fn transpose(rows: usize, cols: usize, src: &[f32], dst: &mut [f32]);
    /// `y = tanh(x)`, fast, |error| < 1.3e-6 (relative error too).
    fn tanh(x: &[f32], y: &mut [f32]);
    /// `y = σ(x)`, fast, |error| < 2e-7.
    fn sigmoid(x: &[f32], y: &mut [f32]);
    /// `y = max(x, 0)` (NaN stays NaN).
    fn relu(x: &[f32], y: &mut [f32]);
}

/// Flops one iteration of [`peak_probe`] does.
pub const PEAK_FLOPS_PER_ITER: f64 = 12.0 * 4.0 * 2.0;

/// A multiply-add loop shaped like a GEMM's inner loop: twelve 4-lane accumulators, each
/// adding a product that does not depend on it (`acc += x·m`, with `m` moving every
/// iteration so nothing can be hoisted). Only the additions chain, as in a GEMM, so this
/// measures the throughput of multiplies and adds, not their latency: as close to the
/// hardware's peak as the target allows (f32x4 on wasm). Returns a value to keep.
#[inline(never)]
pub fn peak_probe(iters: usize) -> f32 {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        simd::peak_probe(iters)
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    {
        let mut acc = [[0.0f32; 4]; 12];
        // Opaque constants, so no product can be folded.
        let x = [std::hint::black_box(1e-3f32), std::hint::black_box(2e-3f32)];
        let (mut m, step) = (std::hint::black_box(0.999_9f32), std::hint::black_box(1e-9f32));
        for _ in 0..iters {
            for (i, lane) in acc.iter_mut().enumerate() {
                for v in lane.iter_mut() {
                    *v += x[i % 2] * m;
                }
            }
            m += step;
        }
        acc.iter().flatten().sum()
    }
}

/// `c (m) = bias + A (m×k) · b (k)`: the one-column product, as dot products (both
/// backends sum in the same four-lane order).
pub fn gemm_column<K: Kernels>(m: usize, k: usize, a: &[f32], b: &[f32], bias: Option<&[f32]>, c: &mut [f32]) {
    let b0 = bias.map_or(0.0, |v| v[0]);
    for (ci, arow) in c[..m].iter_mut().zip(a.chunks_exact(k.max(1))) {
        *ci = b0 + K::dot(arow, &b[..k]);
    }
}

/// `C (m×n) = bias (broadcast over rows) + A (m×k) · B (k×n)`.
/// With no bias, C starts from zero.
pub fn gemm_bias<K: Kernels>(m: usize, k: usize, n: usize, a: &[f32], b: &[f32], bias: Option<&[f32]>, c: &mut [f32]) {
    gemm_post::<K>(m, k, n, a, b, bias, c, Post::None)
}

/// [`gemm_bias`] with an activation fused into the store (the forward pass of a layer).
#[allow(clippy::too_many_arguments)]
pub fn gemm_post<K: Kernels>(m: usize, k: usize, n: usize, a: &[f32], b: &[f32], bias: Option<&[f32]>, c: &mut [f32], post: Post<'_>) {
    assert_eq!(a.len(), m * k, "gemm: A is not m×k");
    assert_eq!(b.len(), k * n, "gemm: B is not k×n");
    assert_eq!(c.len(), m * n, "gemm: C is not m×n");
    if let Some(bias) = bias {
        assert_eq!(bias.len(), n, "gemm: bias is not n long");
    }
    if let Some(len) = post.len() {
        assert_eq!(len, m * n, "gemm: the activation buffer is not m×n");
    }
    K::gemm(m, k, n, a, b, bias, c, post)
}

/// `C (k×n) += Aᵀ · B` with A (m×k) and B (m×n): the weight gradient `Xᵀ·δ`.
pub fn gemm_tn_acc<K: Kernels>(m: usize, k: usize, n: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
    assert_eq!(a.len(), m * k, "gemm_tn: A is not m×k");
    assert_eq!(b.len(), m * n, "gemm_tn: B is not m×n");
    assert_eq!(c.len(), k * n, "gemm_tn: C is not k×n");
    K::gemm_tn_acc(m, k, n, a, b, c)
}

/// `C (m×k) = A · Bᵀ` with A (m×n) and B (k×n), then the epilogue `post`: the backward
/// product `δ·Wᵀ`, with the activation's slope fused in. B is transposed into the front of
/// `scratch` (reused, so no allocation once it is big enough), then the blocked GEMM does
/// the rest.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
pub fn gemm_nt<K: Kernels>(m: usize, k: usize, n: usize, a: &[f32], b: &[f32], c: &mut [f32], scratch: &mut Vec<f32>, post: Post<'_>) {
    assert_eq!(a.len(), m * n, "gemm_nt: A is not m×n");
    assert_eq!(b.len(), k * n, "gemm_nt: B is not k×n");
    assert_eq!(c.len(), m * k, "gemm_nt: C is not m×k");
    if let Some(len) = post.len() {
        assert_eq!(len, m * k, "gemm_nt: the epilogue's buffer is not m×k");
    }
    // Grow only: shrinking and growing again would zero-fill it on every backward pass.
    if scratch.len() < k * n {
        scratch.resize(k * n, 0.0);
    }
    let bt = &mut scratch[..k * n];
    K::transpose(k, n, b, bt);
    K::gemm(m, n, k, a, bt, None, c, post)
}

/// `out (n) += column sums of A (m×n)`: the bias gradient.
#[inline(never)]
pub fn col_sums_acc<K: Kernels>(m: usize, n: usize, a: &[f32], out: &mut [f32]) {
    assert_eq!(a.len(), m * n, "col_sums: A is not m×n");
    assert_eq!(out.len(), n, "col_sums: out is not n long");
    K::col_sums_acc(m, n, a, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::Rng;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn random(n: usize, rng: &mut Rng) -> Vec<f32> {
        (0..n).map(|_| rng.uniform(-1.0, 1.0)).collect()
    }

    /// Textbook triple loops in f64: the independent reference.
    fn reference_nn(m: usize, k: usize, n: usize, a: &[f32], b: &[f32]) -> Vec<f32> {
        let mut c = vec![0.0f32; m * n];
        for i in 0..m {
            for j in 0..n {
                let s: f64 = (0..k).map(|p| a[i * k + p] as f64 * b[p * n + j] as f64).sum();
                c[i * n + j] = s as f32;
            }
        }
        c
    }

    fn transpose(rows: usize, cols: usize, a: &[f32]) -> Vec<f32> {
        let mut t = vec![0.0; a.len()];
        for i in 0..rows {
            for j in 0..cols {
                t[j * rows + i] = a[i * cols + j];
            }
        }
        t
    }

    fn close(x: &[f32], y: &[f32], tol: f32) {
        assert_eq!(x.len(), y.len());
        for (i, (a, b)) in x.iter().zip(y).enumerate() {
            assert!((a - b).abs() <= tol * (1.0 + b.abs()), "element {i}: {a} vs {b}");
        }
    }

    /// Sizes that are not multiples of 4 exercise the leftover loops.
    const SIZES: [(usize, usize, usize); 6] = [(1, 1, 1), (3, 5, 7), (10, 2, 9), (7, 13, 6), (5, 8, 16), (33, 17, 19)];

    fn check_backend<K: Kernels>() {
        let mut rng = Rng::new(11);
        for &(m, k, n) in &SIZES {
            let a = random(m * k, &mut rng);
            let b = random(k * n, &mut rng);
            let bias = random(n, &mut rng);
            let mut c = vec![f32::NAN; m * n];
            gemm_bias::<K>(m, k, n, &a, &b, Some(&bias), &mut c);
            let mut want = reference_nn(m, k, n, &a, &b);
            for i in 0..m {
                for j in 0..n {
                    want[i * n + j] += bias[j];
                }
            }
            close(&c, &want, 1e-5);

            // Aᵀ·B where A is m×k, B is m×n.
            let bm = random(m * n, &mut rng);
            let mut ctn = vec![0.5f32; k * n];
            gemm_tn_acc::<K>(m, k, n, &a, &bm, &mut ctn);
            let mut want = reference_nn(k, m, n, &transpose(m, k, &a), &bm);
            want.iter_mut().for_each(|w| *w += 0.5);
            close(&ctn, &want, 1e-5);

            // A·Bᵀ where A is m×n (bm), B is k×n.
            let bk = random(k * n, &mut rng);
            let mut cnt = vec![f32::NAN; m * k];
            gemm_nt::<K>(m, k, n, &bm, &bk, &mut cnt, &mut Vec::new(), Post::None);
            let plain = reference_nn(m, n, k, &bm, &transpose(k, n, &bk));
            close(&cnt, &plain, 1e-5);
            // With the slope fused in: (A·Bᵀ) ⊙ f′, f′ read from outputs y.
            let outs = random(m * k, &mut rng);
            gemm_nt::<K>(m, k, n, &bm, &bk, &mut cnt, &mut Vec::new(), Post::TanhSlope(&outs));
            close(&cnt, &plain.iter().zip(&outs).map(|(d, y)| d * (1.0 - y * y)).collect::<Vec<_>>(), 1e-5);
            gemm_nt::<K>(m, k, n, &bm, &bk, &mut cnt, &mut Vec::new(), Post::SigmoidSlope(&outs));
            close(&cnt, &plain.iter().zip(&outs).map(|(d, y)| d * y * (1.0 - y)).collect::<Vec<_>>(), 1e-5);
            let mut t = vec![f32::NAN; m * n];
            K::transpose(m, n, &bm, &mut t);
            assert_eq!(t, transpose(m, n, &bm), "transpose of {m}×{n}");

            let mut sums = vec![1.0f32; n];
            col_sums_acc::<K>(m, n, &bm, &mut sums);
            for j in 0..n {
                let s: f32 = 1.0 + (0..m).map(|i| bm[i * n + j]).sum::<f32>();
                assert!((sums[j] - s).abs() < 1e-5);
            }
        }
    }

    #[test]
    fn fast_activations_stay_within_their_error_bounds() {
        let (mut worst_tanh, mut worst_sig, mut worst_exp) = (0.0f64, 0.0f64, 0.0f64);
        for i in 0..=400_000 {
            let x = -20.0 + i as f32 * 1e-4;
            worst_tanh = worst_tanh.max((scalar::tanh(x) as f64 - (x as f64).tanh()).abs());
            worst_sig = worst_sig.max((scalar::sigmoid(x) as f64 - 1.0 / (1.0 + (-(x as f64)).exp())).abs());
            if x <= 0.0 {
                let e = (x as f64).exp();
                worst_exp = worst_exp.max((scalar::exp_nonpositive(x) as f64 - e).abs() / e);
            }
        }
        assert!(worst_tanh < 1.3e-6, "tanh error {worst_tanh}");
        // Relative error near 0 too, from 1e-30 to 0.5 in equal ratios: the slope is right.
        let mut worst_rel = 0.0f64;
        for i in 0..=10_000 {
            let x = (1e-30f64 * (0.5e30f64).powf(i as f64 / 10_000.0)) as f32;
            let exact = (x as f64).tanh();
            worst_rel = worst_rel.max((scalar::tanh(x) as f64 - exact).abs() / exact);
        }
        assert!(worst_rel < 1.3e-6, "tanh relative error {worst_rel}");
        // |tanh| < 1 with no clamp on the result: below 4, tanh ≤ 0.9994 and the error
        // bound keeps the fast one under 1; from 4 to the clamp at 7, every f32 is checked.
        let (four, seven) = (4.0f32.to_bits(), TANH_CLAMP.to_bits());
        assert!((four..=seven).all(|b| scalar::tanh(f32::from_bits(b)) < 1.0), "fast tanh reaches 1");
        assert_eq!(scalar::tanh(f32::INFINITY), scalar::tanh(TANH_CLAMP));
        assert_eq!(scalar::tanh(-0.0).to_bits(), (-0.0f32).to_bits());
        assert!(worst_sig < 2e-7, "sigmoid error {worst_sig}");
        assert!(worst_exp < 4e-7, "exp relative error {worst_exp}");
        // Odd, bounded by 1, NaN-propagating.
        assert_eq!(scalar::tanh(-0.3), -scalar::tanh(0.3));
        assert!((scalar::tanh(50.0) - 1.0).abs() < 1.3e-6 && scalar::tanh(50.0) <= 1.0);
        assert!(scalar::sigmoid(-50.0) < 1e-13 && scalar::sigmoid(50.0) == 1.0);
        assert!(scalar::tanh(f32::NAN).is_nan() && scalar::sigmoid(f32::NAN).is_nan());
        let mut y = [0.0f32; 3];
        Active::tanh(&[f32::NAN, 1.0, -1.0], &mut y);
        assert!(y[0].is_nan() && (y[1] + y[2]).abs() < 1e-7);
    }

    #[test]
    fn scalar_kernels_match_the_reference() {
        check_backend::<Scalar>();
    }

    #[test]
    fn active_kernels_match_the_reference() {
        check_backend::<Active>();
    }

    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    fn epilogue(which: u8, y: &mut [f32]) -> Post<'_> {
        match which {
            0 => Post::None,
            1 => Post::Tanh(y),
            2 => Post::Sigmoid(y),
            _ => Post::Relu(y),
        }
    }

    /// Equal bit patterns, element by element, where any NaN equals any NaN.
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    fn same_bits(x: &[f32], y: &[f32]) -> bool {
        x.len() == y.len() && x.iter().zip(y).all(|(a, b)| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()))
    }

    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    #[test]
    fn simd_and_scalar_agree_on_odd_lengths() {
        let mut rng = Rng::new(5);
        for len in [0usize, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 63, 65, 127] {
            let x = random(len, &mut rng);
            let y = random(len, &mut rng);
            let (mut ys, mut yv) = (y.clone(), y.clone());
            Scalar::axpy(0.37, &x, &mut ys);
            Simd::axpy(0.37, &x, &mut yv);
            assert_eq!(ys, yv, "axpy differs at length {len}"); // same ops per lane: bit-equal
            let (ds, dv) = (Scalar::dot(&x, &y), Simd::dot(&x, &y));
            assert!((ds - dv).abs() <= 1e-5 * (1.0 + ds.abs()), "dot at {len}: {ds} vs {dv}");
        }
        for &(m, k, n) in SIZES.iter().chain(&[(4, 3, 8), (9, 64, 64), (13, 2, 17), (32, 64, 1), (7, 9, 1), (5, 23, 1)]) {
            let a = random(m * k, &mut rng);
            let b = random(k * n, &mut rng);
            let bias = random(n, &mut rng);
            // Same order of operations per element: bit-equal, epilogues included.
            for post in 0..4u8 {
                let (mut cs, mut cv) = (vec![0.0; m * n], vec![0.0; m * n]);
                let (mut ys, mut yv) = (vec![0.0; m * n], vec![0.0; m * n]);
                gemm_post::<Scalar>(m, k, n, &a, &b, Some(&bias), &mut cs, epilogue(post, &mut ys));
                gemm_post::<Simd>(m, k, n, &a, &b, Some(&bias), &mut cv, epilogue(post, &mut yv));
                assert_eq!(cs, cv, "gemm differs at {m}×{k}×{n}");
                assert!(same_bits(&ys, &yv), "epilogue {post} differs at {m}×{k}×{n}");
            }
            // The backward epilogues: each result times an activation's slope at outputs y.
            let outs: Vec<f32> = random(m * n, &mut rng);
            for tanh in [true, false] {
                let post = |y| if tanh { Post::TanhSlope(y) } else { Post::SigmoidSlope(y) };
                let (mut cs, mut cv) = (vec![0.0; m * n], vec![0.0; m * n]);
                gemm_post::<Scalar>(m, k, n, &a, &b, Some(&bias), &mut cs, post(&outs));
                gemm_post::<Simd>(m, k, n, &a, &b, Some(&bias), &mut cv, post(&outs));
                assert_eq!(cs, cv, "slope epilogue differs at {m}×{k}×{n}");
            }
            let bm = random(m * n, &mut rng);
            let (mut ts, mut tv) = (vec![0.25; k * n], vec![0.25; k * n]);
            gemm_tn_acc::<Scalar>(m, k, n, &a, &bm, &mut ts);
            gemm_tn_acc::<Simd>(m, k, n, &a, &bm, &mut tv);
            assert_eq!(ts, tv, "gemm_tn differs at {m}×{k}×{n}");
            let (mut ss, mut sv) = (random(n, &mut rng), vec![0.0; n]);
            sv.copy_from_slice(&ss);
            col_sums_acc::<Scalar>(m, n, &bm, &mut ss);
            col_sums_acc::<Simd>(m, n, &bm, &mut sv);
            assert_eq!(ss, sv, "col_sums differs at {m}×{n}");
            let (mut ts, mut tv) = (vec![0.0; m * k], vec![0.0; m * k]);
            Scalar::transpose(m, k, &a, &mut ts);
            Simd::transpose(m, k, &a, &mut tv);
            assert_eq!(ts, tv, "transpose differs at {m}×{k}");
        }
        // A fine sweep, random values past both clamps, and the edge cases.
        let edges =
            [f32::NAN, -f32::NAN, 0.0, -0.0, 1e-40, -1e-40, 7.0, -7.0, 30.0, -30.0, 100.0, -100.0, f32::INFINITY, f32::NEG_INFINITY];
        let x: Vec<f32> =
            (0..1003).map(|i| (i as f32 - 501.0) * 0.03).chain((0..4000).map(|_| rng.uniform(-40.0, 40.0))).chain(edges).collect();
        for (name, fs, fv) in [
            ("tanh", Scalar::tanh as fn(&[f32], &mut [f32]), Simd::tanh as fn(&[f32], &mut [f32])),
            ("sigmoid", Scalar::sigmoid, Simd::sigmoid),
            ("relu", Scalar::relu, Simd::relu),
        ] {
            let (mut ys, mut yv) = (vec![0.0; x.len()], vec![0.0; x.len()]);
            fs(&x, &mut ys);
            fv(&x, &mut yv);
            // The same operations in the same order: bit-equal (any NaN matches any NaN).
            for ((s, v), xi) in ys.iter().zip(&yv).zip(&x) {
                assert!(same_bits(&[*s], &[*v]), "{name}({xi}): scalar {s}, simd {v}");
            }
        }
    }
}

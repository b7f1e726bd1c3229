//! The hot loops of training: matrix products and vector updates.
//!
//! Each backend implements the tiny [`Kernels`] trait (`axpy`, `dot`); the matrix
//! products below are written once on top of it. [`Scalar`] works everywhere;
//! [`Simd`] uses WASM SIMD (f32x4) and exists only on wasm32 built with `simd128`.
//! [`Active`] is the one the engine calls.
//!
//! Matrices are row-major `f32` slices; sizes are passed explicitly and checked.

mod scalar;
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

/// The two vector primitives a backend provides.
pub trait Kernels {
    /// `y += alpha * x` (equal lengths).
    fn axpy(alpha: f32, x: &[f32], y: &mut [f32]);
    /// `Σ x[i] * y[i]` (equal lengths).
    fn dot(x: &[f32], y: &[f32]) -> f32;
}

/// `C (m×n) = bias (broadcast over rows) + A (m×k) · B (k×n)`.
/// With no bias, C starts from zero.
pub fn gemm_bias<K: Kernels>(m: usize, k: usize, n: usize, a: &[f32], b: &[f32], bias: Option<&[f32]>, c: &mut [f32]) {
    assert_eq!(a.len(), m * k, "gemm: A is not m×k");
    assert_eq!(b.len(), k * n, "gemm: B is not k×n");
    assert_eq!(c.len(), m * n, "gemm: C is not m×n");
    for (i, crow) in c.chunks_exact_mut(n.max(1)).enumerate().take(m) {
        match bias {
            Some(bias) => {
                assert_eq!(bias.len(), n, "gemm: bias is not n long");
                crow.copy_from_slice(bias)
            }
            None => crow.fill(0.0),
        }
        let arow = &a[i * k..(i + 1) * k];
        for (p, &av) in arow.iter().enumerate() {
            K::axpy(av, &b[p * n..(p + 1) * n], crow);
        }
    }
}

/// `C (k×n) += Aᵀ · B` with A (m×k) and B (m×n): the weight gradient `Xᵀ·δ`.
pub fn gemm_tn_acc<K: Kernels>(m: usize, k: usize, n: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
    assert_eq!(a.len(), m * k, "gemm_tn: A is not m×k");
    assert_eq!(b.len(), m * n, "gemm_tn: B is not m×n");
    assert_eq!(c.len(), k * n, "gemm_tn: C is not k×n");
    for i in 0..m {
        let brow = &b[i * n..(i + 1) * n];
        for p in 0..k {
            K::axpy(a[i * k + p], brow, &mut c[p * n..(p + 1) * n]);
        }
    }
}

/// `C (m×k) = A · Bᵀ` with A (m×n) and B (k×n): the backward product `δ·Wᵀ`.
pub fn gemm_nt<K: Kernels>(m: usize, k: usize, n: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
    assert_eq!(a.len(), m * n, "gemm_nt: A is not m×n");
    assert_eq!(b.len(), k * n, "gemm_nt: B is not k×n");
    assert_eq!(c.len(), m * k, "gemm_nt: C is not m×k");
    for i in 0..m {
        let arow = &a[i * n..(i + 1) * n];
        for j in 0..k {
            c[i * k + j] = K::dot(arow, &b[j * n..(j + 1) * n]);
        }
    }
}

/// `out (n) += column sums of A (m×n)`: the bias gradient.
pub fn col_sums_acc<K: Kernels>(m: usize, n: usize, a: &[f32], out: &mut [f32]) {
    assert_eq!(a.len(), m * n, "col_sums: A is not m×n");
    assert_eq!(out.len(), n, "col_sums: out is not n long");
    for row in a.chunks_exact(n.max(1)).take(m) {
        K::axpy(1.0, row, out);
    }
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
            gemm_nt::<K>(m, k, n, &bm, &bk, &mut cnt);
            close(&cnt, &reference_nn(m, n, k, &bm, &transpose(k, n, &bk)), 1e-5);

            let mut sums = vec![1.0f32; n];
            col_sums_acc::<K>(m, n, &bm, &mut sums);
            for j in 0..n {
                let s: f32 = 1.0 + (0..m).map(|i| bm[i * n + j]).sum::<f32>();
                assert!((sums[j] - s).abs() < 1e-5);
            }
        }
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
        for &(m, k, n) in &SIZES {
            let a = random(m * k, &mut rng);
            let b = random(k * n, &mut rng);
            let (mut cs, mut cv) = (vec![0.0; m * n], vec![0.0; m * n]);
            gemm_bias::<Scalar>(m, k, n, &a, &b, None, &mut cs);
            gemm_bias::<Simd>(m, k, n, &a, &b, None, &mut cv);
            assert_eq!(cs, cv, "gemm differs at {m}×{k}×{n}");
        }
    }
}

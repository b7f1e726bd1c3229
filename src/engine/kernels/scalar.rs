//! The portable backend: plain loops in the same order as the SIMD backend, so the two
//! agree to the last bit where the SIMD code does not reorder sums.

use super::{gemm_column, Kernels, Post, EXP_C, LN2_HI, LN2_LO, LOG2E, SIGMOID_CLAMP, TANH_CLAMP, TANH_D, TANH_N};

/// Plain Rust loops; the reference every other backend is tested against.
pub struct Scalar;

/// e^x for x ≤ 0 (clamped at −87): Cody–Waite range reduction to |r| ≤ ln2/2, a degree-6
/// Taylor polynomial, and the power of two built from its bits. Relative error < 4e-7.
#[inline]
pub fn exp_nonpositive(x: f32) -> f32 {
    let x = x.max(-87.0);
    let n = (x * LOG2E).round_ties_even();
    let r = x - n * LN2_HI - n * LN2_LO;
    let p = EXP_C[0] + r * (EXP_C[1] + r * (EXP_C[2] + r * (EXP_C[3] + r * (EXP_C[4] + r * (EXP_C[5] + r * EXP_C[6])))));
    p * f32::from_bits(((n as i32 + 127) << 23) as u32)
}

/// Fast tanh: x times a rational function of x² (no exponential); absolute and relative
/// error < 1.3e-6. The function is odd by construction, so the sign needs no handling,
/// and it stays below 1 in magnitude (the tests check every f32 from 4 to 7).
#[inline]
pub fn tanh(x: f32) -> f32 {
    // Clamp to ±TANH_CLAMP as the SIMD `pmin`/`pmax` do: NaN and −0 pass through.
    let t = if TANH_CLAMP < x { TANH_CLAMP } else { x };
    let t = if t < -TANH_CLAMP { -TANH_CLAMP } else { t };
    let y = t * t;
    let last = TANH_N.len() - 1;
    let (mut n, mut d) = (TANH_N[last], TANH_D[last]);
    for i in (0..last).rev() {
        n = n * y + TANH_N[i];
        d = d * y + TANH_D[i];
    }
    t * n / d
}

/// Fast logistic sigmoid from one exponential of −|x|. |error| < 2e-7.
#[inline]
pub fn sigmoid(x: f32) -> f32 {
    if x.is_nan() {
        return x;
    }
    let t = x.abs().min(SIGMOID_CLAMP);
    let e = exp_nonpositive(-t);
    let pos = 1.0 / (1.0 + e);
    if x >= 0.0 {
        pos
    } else {
        e * pos
    }
}

/// max(x, 0), keeping NaN (and −0).
#[inline]
pub fn relu(x: f32) -> f32 {
    // NaN stays NaN, as in the SIMD backend (`pmax`), so divergence is never hidden.
    if x < 0.0 {
        0.0
    } else {
        x
    }
}

impl Kernels for Scalar {
    #[inline]
    fn axpy(alpha: f32, x: &[f32], y: &mut [f32]) {
        assert_eq!(x.len(), y.len(), "axpy: lengths differ");
        for (yi, xi) in y.iter_mut().zip(x) {
            *yi += alpha * xi;
        }
    }

    #[inline]
    fn dot(x: &[f32], y: &[f32]) -> f32 {
        assert_eq!(x.len(), y.len(), "dot: lengths differ");
        // Four partial sums, like the SIMD lanes, so both backends round alike.
        let mut acc = [0.0f32; 4];
        let chunks = x.len() / 4 * 4;
        for (xc, yc) in x[..chunks].chunks_exact(4).zip(y[..chunks].chunks_exact(4)) {
            for l in 0..4 {
                acc[l] += xc[l] * yc[l];
            }
        }
        let mut s = (acc[0] + acc[1]) + (acc[2] + acc[3]);
        for (xi, yi) in x[chunks..].iter().zip(&y[chunks..]) {
            s += xi * yi;
        }
        s
    }

    fn gemm(m: usize, k: usize, n: usize, a: &[f32], b: &[f32], bias: Option<&[f32]>, c: &mut [f32], post: Post<'_>) {
        if n == 1 {
            // One output (a network's last layer): each result is a dot product over k.
            gemm_column::<Scalar>(m, k, a, b, bias, c);
            post.apply_scalar(&mut c[..m]);
            return;
        }
        for i in 0..m {
            let crow = &mut c[i * n..(i + 1) * n];
            match bias {
                Some(bias) => crow.copy_from_slice(bias),
                None => crow.fill(0.0),
            }
            for p in 0..k {
                Self::axpy(a[i * k + p], &b[p * n..(p + 1) * n], crow);
            }
        }
        post.apply_scalar(&mut c[..m * n]);
    }

    fn gemm_tn_acc(m: usize, k: usize, n: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
        for i in 0..m {
            let brow = &b[i * n..(i + 1) * n];
            for p in 0..k {
                Self::axpy(a[i * k + p], brow, &mut c[p * n..(p + 1) * n]);
            }
        }
    }

    fn col_sums_acc(m: usize, n: usize, a: &[f32], out: &mut [f32]) {
        for row in a.chunks_exact(n.max(1)).take(m) {
            for (o, v) in out.iter_mut().zip(row) {
                *o += v;
            }
        }
    }

    fn transpose(rows: usize, cols: usize, src: &[f32], dst: &mut [f32]) {
        assert!(src.len() >= rows * cols && dst.len() >= rows * cols, "transpose: buffers smaller than rows×cols");
        for (i, row) in src.chunks_exact(cols.max(1)).take(rows).enumerate() {
            for (j, v) in row.iter().enumerate() {
                dst[j * rows + i] = *v;
            }
        }
    }

    fn tanh(x: &[f32], y: &mut [f32]) {
        for (yi, xi) in y.iter_mut().zip(x) {
            *yi = tanh(*xi);
        }
    }

    fn sigmoid(x: &[f32], y: &mut [f32]) {
        for (yi, xi) in y.iter_mut().zip(x) {
            *yi = sigmoid(*xi);
        }
    }

    fn relu(x: &[f32], y: &mut [f32]) {
        for (yi, xi) in y.iter_mut().zip(x) {
            *yi = relu(*xi);
        }
    }
}

//! The WASM SIMD backend: four f32 lanes per instruction (f32x4), register-blocked GEMM
//! microkernels (4 rows × 8 columns of C held in eight registers), and vector versions of
//! the fast activations. Per element, every sum runs in the same order as the scalar twin.

use super::{gemm_column, Kernels, Post, EXP_C, LN2_HI, LN2_LO, LOG2E, SIGMOID_CLAMP, TANH_CLAMP, TANH_D, TANH_N};
use core::arch::wasm32::*;

/// WASM SIMD128 loops: chunked main loops over 4 lanes, then the leftovers.
pub struct Simd;

#[inline(always)]
fn load(s: &[f32], i: usize) -> v128 {
    assert!(i + 4 <= s.len());
    // SAFETY: the assert keeps the 16-byte read inside the slice; v128 loads may be unaligned.
    unsafe { v128_load(s.as_ptr().add(i) as *const v128) }
}

#[inline(always)]
fn store(s: &mut [f32], i: usize, v: v128) {
    assert!(i + 4 <= s.len());
    // SAFETY: the assert keeps the 16-byte write inside the slice; v128 stores may be unaligned.
    unsafe { v128_store(s.as_mut_ptr().add(i) as *mut v128, v) }
}

/// e^x for x ≤ 0, four at a time (the scalar twin's algorithm).
#[inline(always)]
fn exp_nonpositive(x: v128) -> v128 {
    let x = f32x4_max(x, f32x4_splat(-87.0));
    let n = f32x4_nearest(f32x4_mul(x, f32x4_splat(LOG2E)));
    let r = f32x4_sub(f32x4_sub(x, f32x4_mul(n, f32x4_splat(LN2_HI))), f32x4_mul(n, f32x4_splat(LN2_LO)));
    let mut p = f32x4_splat(EXP_C[6]);
    for c in EXP_C[..6].iter().rev() {
        p = f32x4_add(f32x4_splat(*c), f32x4_mul(r, p));
    }
    let bits = i32x4_shl(i32x4_add(i32x4_trunc_sat_f32x4(n), i32x4_splat(127)), 23);
    f32x4_mul(p, bits)
}

const SIGN: u32 = 0x8000_0000;

#[inline(always)]
fn tanh4(x: v128) -> v128 {
    let t = f32x4_min(f32x4_abs(x), f32x4_splat(TANH_CLAMP)); // NaN propagates
    let y = f32x4_mul(t, t);
    let mut n = f32x4_splat(TANH_N[5]);
    let mut d = f32x4_splat(TANH_D[5]);
    for i in (0..5).rev() {
        n = f32x4_add(f32x4_mul(n, y), f32x4_splat(TANH_N[i]));
        d = f32x4_add(f32x4_mul(d, y), f32x4_splat(TANH_D[i]));
    }
    let r = f32x4_min(f32x4_div(f32x4_mul(t, n), d), f32x4_splat(1.0));
    // copysign(r, x)
    let sign = u32x4_splat(SIGN);
    v128_or(v128_andnot(r, sign), v128_and(x, sign))
}

#[inline(always)]
fn sigmoid4(x: v128) -> v128 {
    let t = f32x4_min(f32x4_abs(x), f32x4_splat(SIGMOID_CLAMP));
    let e = exp_nonpositive(f32x4_neg(t));
    let pos = f32x4_div(f32x4_splat(1.0), f32x4_add(f32x4_splat(1.0), e));
    let nan = f32x4_ne(x, x);
    let y = v128_bitselect(pos, f32x4_mul(e, pos), f32x4_ge(x, f32x4_splat(0.0)));
    v128_bitselect(x, y, nan)
}

#[inline(always)]
fn relu4(x: v128) -> v128 {
    // wasm's max propagates NaN, like the scalar twin.
    f32x4_max(x, f32x4_splat(0.0))
}

/// Applies `f` to x four at a time, the leftovers through `g` (the scalar twin).
#[inline(always)]
fn map(x: &[f32], y: &mut [f32], f: impl Fn(v128) -> v128, g: impl Fn(f32) -> f32) {
    assert_eq!(x.len(), y.len(), "activation: lengths differ");
    let chunks = x.len() / 4 * 4;
    let mut i = 0;
    while i < chunks {
        store(y, i, f(load(x, i)));
        i += 4;
    }
    for j in chunks..x.len() {
        y[j] = g(x[j]);
    }
}

/// Which activation a GEMM epilogue applies, without the buffer.
#[derive(Clone, Copy, PartialEq)]
enum Act {
    None,
    Tanh,
    Sigmoid,
    Relu,
}

#[inline(always)]
fn act4(act: Act, v: v128) -> v128 {
    match act {
        Act::None => v,
        Act::Tanh => tanh4(v),
        Act::Sigmoid => sigmoid4(v),
        Act::Relu => relu4(v),
    }
}

fn act1(act: Act, v: f32) -> f32 {
    match act {
        Act::None => v,
        Act::Tanh => super::scalar::tanh(v),
        Act::Sigmoid => super::scalar::sigmoid(v),
        Act::Relu => super::scalar::relu(v),
    }
}

impl Kernels for Simd {
    #[inline]
    fn axpy(alpha: f32, x: &[f32], y: &mut [f32]) {
        assert_eq!(x.len(), y.len(), "axpy: lengths differ");
        let chunks = x.len() / 4 * 4;
        let a = f32x4_splat(alpha);
        let mut i = 0;
        while i < chunks {
            let v = f32x4_add(load(y, i), f32x4_mul(a, load(x, i)));
            store(y, i, v);
            i += 4;
        }
        for j in chunks..x.len() {
            y[j] += alpha * x[j];
        }
    }

    #[inline]
    fn dot(x: &[f32], y: &[f32]) -> f32 {
        assert_eq!(x.len(), y.len(), "dot: lengths differ");
        let chunks = x.len() / 4 * 4;
        let mut acc = f32x4_splat(0.0);
        let mut i = 0;
        while i < chunks {
            acc = f32x4_add(acc, f32x4_mul(load(x, i), load(y, i)));
            i += 4;
        }
        let mut s =
            (f32x4_extract_lane::<0>(acc) + f32x4_extract_lane::<1>(acc)) + (f32x4_extract_lane::<2>(acc) + f32x4_extract_lane::<3>(acc));
        for j in chunks..x.len() {
            s += x[j] * y[j];
        }
        s
    }

    fn gemm(m: usize, k: usize, n: usize, a: &[f32], b: &[f32], bias: Option<&[f32]>, c: &mut [f32], post: Post<'_>) {
        let (act, mut y) = match post {
            Post::None => (Act::None, None),
            Post::Tanh(y) => (Act::Tanh, Some(y)),
            Post::Sigmoid(y) => (Act::Sigmoid, Some(y)),
            Post::Relu(y) => (Act::Relu, Some(y)),
        };
        if n == 1 {
            // One output (a network's last layer): each result is a dot product over k.
            gemm_column::<Simd>(m, k, a, b, bias, c);
            if let Some(y) = y {
                map(&c[..m], &mut y[..m], |v| act4(act, v), |v| act1(act, v));
            }
            return;
        }
        let zero = f32x4_splat(0.0);
        let bias_v = |j: usize| bias.map_or(zero, |bv| load(bv, j));
        let bias_s = |j: usize| bias.map_or(0.0, |bv| bv[j]);
        let n8 = n / 8 * 8;
        let n4 = n / 4 * 4;
        let mut i = 0;
        // Blocks of 4 rows: 4×8 tiles of C live in eight registers across the k loop.
        while i + 4 <= m {
            let rows = [&a[i * k..(i + 1) * k], &a[(i + 1) * k..(i + 2) * k], &a[(i + 2) * k..(i + 3) * k], &a[(i + 3) * k..(i + 4) * k]];
            let mut j = 0;
            while j < n8 {
                let (b0, b1) = (bias_v(j), bias_v(j + 4));
                let mut acc = [[b0, b1]; 4];
                for (p, brow) in b.chunks_exact(n).enumerate().take(k) {
                    let (w0, w1) = (load(brow, j), load(brow, j + 4));
                    for (pair, arow) in acc.iter_mut().zip(&rows) {
                        let av = f32x4_splat(arow[p]);
                        pair[0] = f32x4_add(pair[0], f32x4_mul(av, w0));
                        pair[1] = f32x4_add(pair[1], f32x4_mul(av, w1));
                    }
                }
                for (r, pair) in acc.iter().enumerate() {
                    let at = (i + r) * n + j;
                    store(c, at, pair[0]);
                    store(c, at + 4, pair[1]);
                    if let Some(y) = y.as_deref_mut() {
                        store(y, at, act4(act, pair[0]));
                        store(y, at + 4, act4(act, pair[1]));
                    }
                }
                j += 8;
            }
            while j < n4 {
                let mut acc = [bias_v(j); 4];
                for p in 0..k {
                    let w = load(b, p * n + j);
                    for (r, v) in acc.iter_mut().enumerate() {
                        *v = f32x4_add(*v, f32x4_mul(f32x4_splat(a[(i + r) * k + p]), w));
                    }
                }
                for (r, v) in acc.iter().enumerate() {
                    let at = (i + r) * n + j;
                    store(c, at, *v);
                    if let Some(y) = y.as_deref_mut() {
                        store(y, at, act4(act, *v));
                    }
                }
                j += 4;
            }
            while j < n {
                for r in 0..4 {
                    let mut s = bias_s(j);
                    for p in 0..k {
                        s += a[(i + r) * k + p] * b[p * n + j];
                    }
                    c[(i + r) * n + j] = s;
                    if let Some(y) = y.as_deref_mut() {
                        y[(i + r) * n + j] = act1(act, s);
                    }
                }
                j += 1;
            }
            i += 4;
        }
        // Leftover rows, one at a time, four columns per register, in the same order.
        while i < m {
            let arow = &a[i * k..(i + 1) * k];
            let mut j = 0;
            while j < n4 {
                let mut acc = bias_v(j);
                for (p, brow) in b.chunks_exact(n).enumerate().take(k) {
                    acc = f32x4_add(acc, f32x4_mul(f32x4_splat(arow[p]), load(brow, j)));
                }
                store(c, i * n + j, acc);
                if let Some(y) = y.as_deref_mut() {
                    store(y, i * n + j, act4(act, acc));
                }
                j += 4;
            }
            while j < n {
                let mut s = bias_s(j);
                for p in 0..k {
                    s += arow[p] * b[p * n + j];
                }
                c[i * n + j] = s;
                if let Some(y) = y.as_deref_mut() {
                    y[i * n + j] = act1(act, s);
                }
                j += 1;
            }
            i += 1;
        }
    }

    fn gemm_tn_acc(m: usize, k: usize, n: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
        let n8 = n / 8 * 8;
        let n4 = n / 4 * 4;
        let mut p = 0;
        // 4 rows of C (4 inputs) × 8 columns in registers, accumulated over the batch.
        while p + 4 <= k {
            let mut j = 0;
            while j < n8 {
                let mut acc = [[f32x4_splat(0.0); 2]; 4];
                for (r, pair) in acc.iter_mut().enumerate() {
                    pair[0] = load(c, (p + r) * n + j);
                    pair[1] = load(c, (p + r) * n + j + 4);
                }
                for i in 0..m {
                    let (g0, g1) = (load(b, i * n + j), load(b, i * n + j + 4));
                    for (r, pair) in acc.iter_mut().enumerate() {
                        let av = f32x4_splat(a[i * k + p + r]);
                        pair[0] = f32x4_add(pair[0], f32x4_mul(av, g0));
                        pair[1] = f32x4_add(pair[1], f32x4_mul(av, g1));
                    }
                }
                for (r, pair) in acc.iter().enumerate() {
                    store(c, (p + r) * n + j, pair[0]);
                    store(c, (p + r) * n + j + 4, pair[1]);
                }
                j += 8;
            }
            let mut j = n8;
            while j < n4 {
                let mut acc = [f32x4_splat(0.0); 4];
                for (r, v) in acc.iter_mut().enumerate() {
                    *v = load(c, (p + r) * n + j);
                }
                for i in 0..m {
                    let g = load(b, i * n + j);
                    for (r, v) in acc.iter_mut().enumerate() {
                        *v = f32x4_add(*v, f32x4_mul(f32x4_splat(a[i * k + p + r]), g));
                    }
                }
                for (r, v) in acc.iter().enumerate() {
                    store(c, (p + r) * n + j, *v);
                }
                j += 4;
            }
            for j in n4..n {
                for r in 0..4 {
                    let mut s = c[(p + r) * n + j];
                    for i in 0..m {
                        s += a[i * k + p + r] * b[i * n + j];
                    }
                    c[(p + r) * n + j] = s;
                }
            }
            p += 4;
        }
        // Leftover rows of C, four columns per register.
        while p < k {
            let mut j = 0;
            while j < n4 {
                let mut acc = load(c, p * n + j);
                for i in 0..m {
                    acc = f32x4_add(acc, f32x4_mul(f32x4_splat(a[i * k + p]), load(b, i * n + j)));
                }
                store(c, p * n + j, acc);
                j += 4;
            }
            while j < n {
                let mut s = c[p * n + j];
                for i in 0..m {
                    s += a[i * k + p] * b[i * n + j];
                }
                c[p * n + j] = s;
                j += 1;
            }
            p += 1;
        }
    }

    fn tanh(x: &[f32], y: &mut [f32]) {
        map(x, y, tanh4, super::scalar::tanh)
    }

    fn sigmoid(x: &[f32], y: &mut [f32]) {
        map(x, y, sigmoid4, super::scalar::sigmoid)
    }

    fn relu(x: &[f32], y: &mut [f32]) {
        map(x, y, relu4, super::scalar::relu)
    }
}

/// Twelve independent f32x4 multiply-add chains (enough to hide the latency, few enough
/// to stay in registers): see `kernels::peak_probe`.
#[inline(never)]
pub fn peak_probe(iters: usize) -> f32 {
    // Distinct starting values and opaque constants, so no chain can be merged or folded.
    let m = f32x4_splat(core::hint::black_box(0.999_9));
    let a = f32x4_splat(core::hint::black_box(0.000_1));
    let mut acc = [f32x4_splat(0.0); 12];
    for (i, v) in acc.iter_mut().enumerate() {
        let b = i as f32 * 4e-3;
        *v = f32x4(b, b + 1e-3, b + 2e-3, b + 3e-3);
    }
    for _ in 0..iters {
        for v in acc.iter_mut() {
            *v = f32x4_add(f32x4_mul(*v, m), a);
        }
    }
    let mut s = f32x4_splat(0.0);
    for v in acc {
        s = f32x4_add(s, v);
    }
    f32x4_extract_lane::<0>(s) + f32x4_extract_lane::<1>(s) + f32x4_extract_lane::<2>(s) + f32x4_extract_lane::<3>(s)
}

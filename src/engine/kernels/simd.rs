//! The WASM SIMD backend: four f32 lanes per instruction (f32x4), register-blocked GEMM
//! microkernels (4 rows × 8 columns of C held in eight registers), and vector versions of
//! the fast activations. Per element, every sum runs in the same order as the scalar twin.
//! The microkernels are long by nature (each register of the block written out, then the
//! leftover rows and columns); splitting them would cost the compiler's register allocation.

use super::{
    gemm_column, sigmoid_slope, tanh_slope, Kernels, Post, EXP_C, LN2_HI, LN2_LO, LOG2E, SIGMOID_CLAMP, TANH_CLAMP, TANH_D, TANH_N,
};
use core::arch::wasm32::*;

/// WASM SIMD128 loops: chunked main loops over 4 lanes, then the leftovers.
pub struct Simd;

/// A checked 16-byte load of `s[i..i + 4]`.
#[inline(always)]
fn load(s: &[f32], i: usize) -> v128 {
    assert!(i + 4 <= s.len());
    // SAFETY: the assert keeps the 16-byte read inside the slice; v128 loads may be unaligned.
    unsafe { ld(s.as_ptr().add(i)) }
}

/// A checked 16-byte store to `s[i..i + 4]`.
#[inline(always)]
fn store(s: &mut [f32], i: usize, v: v128) {
    assert!(i + 4 <= s.len());
    // SAFETY: the assert keeps the 16-byte write inside the slice; v128 stores may be unaligned.
    unsafe { st(s.as_mut_ptr().add(i), v) }
}

/// An unchecked 16-byte load.
///
/// # Safety
/// `p..p+4` must be inside one live `f32` buffer.
#[inline(always)]
unsafe fn ld(p: *const f32) -> v128 {
    v128_load(p as *const v128)
}

/// An unchecked 16-byte store.
///
/// # Safety
/// `p..p+4` must be inside one live, writable `f32` buffer.
#[inline(always)]
unsafe fn st(p: *mut f32, v: v128) {
    v128_store(p as *mut v128, v)
}

/// One f32 broadcast to four lanes straight from memory (`v128.load32_splat`).
///
/// # Safety
/// `p` must point into a live `f32` buffer.
#[inline(always)]
unsafe fn splat(p: *const f32) -> v128 {
    v128_load32_splat(p as *const u32)
}

// Two notes on the instructions chosen below, both about what a wasm engine makes of them
// on x86: `f32x4.min`/`max` must propagate NaN and order ±0, which takes V8 about seven
// instructions, while `pmin`/`pmax` (`b < a ? b : a`, `a < b ? b : a`) are one `minps`
// or `maxps`; with the NaN operand first they keep NaN too. And `f32x4.abs` builds its
// mask each time, while clearing the sign bit with a held constant is one `andnps`.

/// 1.5·2²³: adding it rounds an f32 below 2²² to an integer (ties to even), and that
/// integer sits in the low bits of the sum's bit pattern.
const ROUND_MAGIC: f32 = 12_582_912.0;

/// e^x for x ≤ 0 (the scalar twin's algorithm, bit for bit).
#[inline(always)]
fn exp_nonpositive(x: v128) -> v128 {
    // pmax keeps NaN. Then n = round(x·log₂e), ties to even, by the magic-number addition.
    let x = f32x4_pmax(x, f32x4_splat(-87.0));
    let k = f32x4_add(f32x4_mul(x, f32x4_splat(LOG2E)), f32x4_splat(ROUND_MAGIC));
    let n = f32x4_sub(k, f32x4_splat(ROUND_MAGIC));
    let r = f32x4_sub(f32x4_sub(x, f32x4_mul(n, f32x4_splat(LN2_HI))), f32x4_mul(n, f32x4_splat(LN2_LO)));
    let mut p = f32x4_splat(EXP_C[6]);
    for c in EXP_C[..6].iter().rev() {
        p = f32x4_add(f32x4_splat(*c), f32x4_mul(r, p));
    }
    // 2ⁿ = (n + 127) << 23; k's bits are 0x4B40_0000 + n, whose high part the shift drops.
    let bits = i32x4_shl(i32x4_add(k, i32x4_splat(127)), 23);
    f32x4_mul(p, bits)
}

const SIGN: u32 = 0x8000_0000;

/// |x| with the sign bit cleared by a constant mask.
#[inline(always)]
fn abs4(x: v128) -> v128 {
    v128_andnot(x, u32x4_splat(SIGN))
}

#[inline(always)]
fn tanh4(x: v128) -> v128 {
    // NaN stays NaN through both clamps (it is the first operand), and −0 stays −0.
    let t = f32x4_pmax(f32x4_pmin(x, f32x4_splat(TANH_CLAMP)), f32x4_splat(-TANH_CLAMP));
    let y = f32x4_mul(t, t);
    let last = TANH_N.len() - 1;
    let (mut n, mut d) = (f32x4_splat(TANH_N[last]), f32x4_splat(TANH_D[last]));
    for i in (0..last).rev() {
        n = f32x4_add(f32x4_mul(n, y), f32x4_splat(TANH_N[i]));
        d = f32x4_add(f32x4_mul(d, y), f32x4_splat(TANH_D[i]));
    }
    f32x4_div(f32x4_mul(t, n), d)
}

#[inline(always)]
fn sigmoid4(x: v128) -> v128 {
    // NaN stays NaN through pmin, the exponential and both branches below.
    let t = f32x4_pmin(abs4(x), f32x4_splat(SIGMOID_CLAMP));
    let e = exp_nonpositive(f32x4_neg(t));
    let pos = f32x4_div(f32x4_splat(1.0), f32x4_add(f32x4_splat(1.0), e));
    v128_bitselect(pos, f32x4_mul(e, pos), f32x4_ge(x, f32x4_splat(0.0)))
}

#[inline(always)]
fn relu4(x: v128) -> v128 {
    // x < 0 ? 0 : x, like the scalar twin: NaN stays NaN.
    f32x4_pmax(x, f32x4_splat(0.0))
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

/// Four rows of four lanes turned into four columns: two rounds of lane interleaving.
#[inline(always)]
fn transpose4([a, b, c, d]: [v128; 4]) -> [v128; 4] {
    let (ab_lo, ab_hi) = (i32x4_shuffle::<0, 4, 1, 5>(a, b), i32x4_shuffle::<2, 6, 3, 7>(a, b));
    let (cd_lo, cd_hi) = (i32x4_shuffle::<0, 4, 1, 5>(c, d), i32x4_shuffle::<2, 6, 3, 7>(c, d));
    [
        i32x4_shuffle::<0, 1, 4, 5>(ab_lo, cd_lo),
        i32x4_shuffle::<2, 3, 6, 7>(ab_lo, cd_lo),
        i32x4_shuffle::<0, 1, 4, 5>(ab_hi, cd_hi),
        i32x4_shuffle::<2, 3, 6, 7>(ab_hi, cd_hi),
    ]
}

/// `c (m) = bias + A (m×k) · b (k)`, four rows at a time. Each row sums its products in
/// four lanes exactly as `dot` does; one `transpose4` then lines up the lanes of four
/// rows so that `(l0 + l1) + (l2 + l3)` combines all four at once. Bit-equal to
/// [`gemm_column`], without `dot`'s chain of dependent additions per row.
fn gemm_column4(m: usize, k: usize, a: &[f32], b: &[f32], bias: Option<&[f32]>, c: &mut [f32]) {
    assert!(a.len() >= m * k && b.len() >= k && c.len() >= m, "gemm: buffers smaller than m×k, k, m");
    let b0 = bias.map_or(0.0, |v| v[0]);
    let (ap, bp) = (a.as_ptr(), b.as_ptr());
    let k4 = k / 4 * 4;
    let mut i = 0;
    while i + 4 <= m {
        let mut acc = [f32x4_splat(0.0); 4];
        let mut p = 0;
        while p < k4 {
            // SAFETY: i + 3 < m and p + 4 ≤ k, so every index is below m·k or k (checked).
            let w = unsafe { ld(bp.add(p)) };
            for (r, v) in acc.iter_mut().enumerate() {
                *v = f32x4_add(*v, f32x4_mul(unsafe { ld(ap.add((i + r) * k + p)) }, w));
            }
            p += 4;
        }
        let [l0, l1, l2, l3] = transpose4(acc);
        let s = f32x4_add(f32x4_add(l0, l1), f32x4_add(l2, l3));
        let sums = [f32x4_extract_lane::<0>(s), f32x4_extract_lane::<1>(s), f32x4_extract_lane::<2>(s), f32x4_extract_lane::<3>(s)];
        for (r, mut s) in sums.into_iter().enumerate() {
            for p in k4..k {
                s += a[(i + r) * k + p] * b[p];
            }
            c[i + r] = b0 + s;
        }
        i += 4;
    }
    gemm_column::<Simd>(m - i, k, &a[i * k..], b, bias, &mut c[i..]);
}

/// The blocked loops of [`Simd::gemm`](Kernels::gemm) for one epilogue `act`.
///
/// # Safety
/// `a` and `b` hold at least m×k and k×n values, `bias` (if any) n; `cp`, `yp` (if any)
/// and, for the slope epilogues, `sp` point to buffers of at least m×n values.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
unsafe fn tiles<const ACT: u8>(
    m: usize,
    k: usize,
    n: usize,
    a: &[f32],
    b: &[f32],
    bias: Option<&[f32]>,
    cp: *mut f32,
    yp: Option<*mut f32>,
    sp: *const f32,
) {
    let act = Act::ALL[ACT as usize];
    let (ap, bp) = (a.as_ptr(), b.as_ptr());
    let zero = f32x4_splat(0.0);
    let one = f32x4_splat(1.0);
    // SAFETY (all loads and stores in this function): rows i < m, columns j + 4 ≤ n or
    // j < n, p < k, so every index is below m·k, k·n or m·n, the sizes the caller vouches
    // for; `sp` is only read with a slope epilogue.
    let bias_v = |j: usize| bias.map_or(zero, |bv| unsafe { ld(bv.as_ptr().add(j)) });
    let bias_s = |j: usize| bias.map_or(0.0, |bv| bv[j]);
    // Stores z and, with an activation, f(z); or z times the slope (the same operations
    // as `tanh_slope` and `sigmoid_slope`, four lanes at once).
    let put = |at: usize, v: v128| unsafe {
        match act {
            Act::TanhSlope => {
                let s = ld(sp.add(at));
                st(cp.add(at), f32x4_mul(v, f32x4_sub(one, f32x4_mul(s, s))));
            }
            Act::SigmoidSlope => {
                let s = ld(sp.add(at));
                st(cp.add(at), f32x4_mul(v, f32x4_mul(s, f32x4_sub(one, s))));
            }
            _ => {
                st(cp.add(at), v);
                if let Some(yp) = yp {
                    st(yp.add(at), act4(act, v));
                }
            }
        }
    };
    // The same for one result, in the edge loops.
    let put1 = |at: usize, v: f32| unsafe {
        match act {
            Act::TanhSlope => *cp.add(at) = tanh_slope(v, *sp.add(at)),
            Act::SigmoidSlope => *cp.add(at) = sigmoid_slope(v, *sp.add(at)),
            _ => {
                *cp.add(at) = v;
                if let Some(yp) = yp {
                    *yp.add(at) = act1(act, v);
                }
            }
        }
    };
    let n8 = n / 8 * 8;
    let n4 = n / 4 * 4;
    let mut i = 0;
    // Blocks of 4 rows: 4×8 tiles of C live in eight registers across the k loop.
    while i + 4 <= m {
        let rows = unsafe { [ap.add(i * k), ap.add((i + 1) * k), ap.add((i + 2) * k), ap.add((i + 3) * k)] };
        let mut j = 0;
        while j < n8 {
            let (b0, b1) = (bias_v(j), bias_v(j + 4));
            let mut acc = [[b0, b1]; 4];
            for p in 0..k {
                let brow = unsafe { bp.add(p * n + j) };
                let (w0, w1) = unsafe { (ld(brow), ld(brow.add(4))) };
                for (pair, arow) in acc.iter_mut().zip(&rows) {
                    let av = unsafe { splat(arow.add(p)) };
                    pair[0] = f32x4_add(pair[0], f32x4_mul(av, w0));
                    pair[1] = f32x4_add(pair[1], f32x4_mul(av, w1));
                }
            }
            for (r, pair) in acc.iter().enumerate() {
                put((i + r) * n + j, pair[0]);
                put((i + r) * n + j + 4, pair[1]);
            }
            j += 8;
        }
        while j < n4 {
            let mut acc = [bias_v(j); 4];
            for p in 0..k {
                let w = unsafe { ld(bp.add(p * n + j)) };
                for (v, arow) in acc.iter_mut().zip(&rows) {
                    *v = f32x4_add(*v, f32x4_mul(unsafe { splat(arow.add(p)) }, w));
                }
            }
            for (r, v) in acc.iter().enumerate() {
                put((i + r) * n + j, *v);
            }
            j += 4;
        }
        while j < n {
            for r in 0..4 {
                let mut s = bias_s(j);
                for p in 0..k {
                    s += a[(i + r) * k + p] * b[p * n + j];
                }
                put1((i + r) * n + j, s);
            }
            j += 1;
        }
        i += 4;
    }
    // Leftover rows, one at a time, four columns per register, in the same order.
    while i < m {
        let arow = unsafe { ap.add(i * k) };
        let mut j = 0;
        while j < n4 {
            let mut acc = bias_v(j);
            for p in 0..k {
                acc = f32x4_add(acc, f32x4_mul(unsafe { splat(arow.add(p)) }, unsafe { ld(bp.add(p * n + j)) }));
            }
            put(i * n + j, acc);
            j += 4;
        }
        while j < n {
            let mut s = bias_s(j);
            for p in 0..k {
                s += a[i * k + p] * b[p * n + j];
            }
            put1(i * n + j, s);
            j += 1;
        }
        i += 1;
    }
}

/// Which epilogue a GEMM applies, without the buffer (see [`Post`]).
#[derive(Clone, Copy, PartialEq)]
#[repr(u8)]
enum Act {
    None,
    Tanh,
    Sigmoid,
    Relu,
    TanhSlope,
    SigmoidSlope,
}

impl Act {
    /// Every epilogue, in declaration order: `Act::ALL[a as usize] == a`.
    const ALL: [Act; 6] = [Act::None, Act::Tanh, Act::Sigmoid, Act::Relu, Act::TanhSlope, Act::SigmoidSlope];
}

#[inline(always)]
fn act4(act: Act, v: v128) -> v128 {
    match act {
        Act::None | Act::TanhSlope | Act::SigmoidSlope => v,
        Act::Tanh => tanh4(v),
        Act::Sigmoid => sigmoid4(v),
        Act::Relu => relu4(v),
    }
}

fn act1(act: Act, v: f32) -> f32 {
    match act {
        Act::None | Act::TanhSlope | Act::SigmoidSlope => v,
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
        if n == 1 {
            // One output (a network's last layer): each result is a dot product over k;
            // the epilogue runs after, through the activation kernels or the scalar slopes.
            gemm_column4(m, k, a, b, bias, c);
            let z = &mut c[..m];
            match post {
                Post::Tanh(y) => Simd::tanh(z, &mut y[..m]),
                Post::Sigmoid(y) => Simd::sigmoid(z, &mut y[..m]),
                Post::Relu(y) => Simd::relu(z, &mut y[..m]),
                other => other.apply_scalar(z),
            }
            return;
        }
        // `y` receives f(z) in the forward pass; `slope` holds the y a slope is read from.
        let (act, y, slope): (Act, Option<&mut [f32]>, Option<&[f32]>) = match post {
            Post::None => (Act::None, None, None),
            Post::Tanh(y) => (Act::Tanh, Some(y), None),
            Post::Sigmoid(y) => (Act::Sigmoid, Some(y), None),
            Post::Relu(y) => (Act::Relu, Some(y), None),
            Post::TanhSlope(s) => (Act::TanhSlope, None, Some(s)),
            Post::SigmoidSlope(s) => (Act::SigmoidSlope, None, Some(s)),
        };
        // The loops below read and write through raw pointers: these checks are what
        // makes every one of their accesses in bounds.
        assert!(a.len() >= m * k && b.len() >= k * n && c.len() >= m * n, "gemm: buffers smaller than m×k, k×n, m×n");
        assert!(bias.is_none_or(|v| v.len() >= n) && y.as_ref().is_none_or(|y| y.len() >= m * n), "gemm: bias or epilogue too short");
        assert!(slope.is_none_or(|s| s.len() >= m * n), "gemm: the slope's outputs are too short");
        let yp = y.map(|y| y.as_mut_ptr());
        let sp = slope.map_or(std::ptr::null(), |s| s.as_ptr());
        let cp = c.as_mut_ptr();
        // One copy of the loops per epilogue, each with its epilogue known at compile
        // time, so no store has to ask which one it is. Each copy is its own function:
        // inlined into this one, the six made a function V8 compiled badly (W2 fell 30 %).
        // SAFETY: the sizes were checked above.
        unsafe {
            match act {
                Act::None => tiles::<{ Act::None as u8 }>(m, k, n, a, b, bias, cp, yp, sp),
                Act::Tanh => tiles::<{ Act::Tanh as u8 }>(m, k, n, a, b, bias, cp, yp, sp),
                Act::Sigmoid => tiles::<{ Act::Sigmoid as u8 }>(m, k, n, a, b, bias, cp, yp, sp),
                Act::Relu => tiles::<{ Act::Relu as u8 }>(m, k, n, a, b, bias, cp, yp, sp),
                Act::TanhSlope => tiles::<{ Act::TanhSlope as u8 }>(m, k, n, a, b, bias, cp, yp, sp),
                Act::SigmoidSlope => tiles::<{ Act::SigmoidSlope as u8 }>(m, k, n, a, b, bias, cp, yp, sp),
            }
        }
    }

    #[inline(never)]
    fn gemm_tn_acc(m: usize, k: usize, n: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
        assert!(a.len() >= m * k && b.len() >= m * n && c.len() >= k * n, "gemm_tn: buffers smaller than m×k, m×n, k×n");
        let (ap, bp, cp) = (a.as_ptr(), b.as_ptr(), c.as_mut_ptr());
        // SAFETY (all loads and stores in this function): i < m, p < k, columns j + 4 ≤ n,
        // so every index is below m·k, m·n or k·n, checked above.
        if n == 1 {
            // One column (a one-output layer): C is a k-vector, Aᵀ·b sums A's rows, four
            // inputs per register, sixteen per pass; per element still in batch order.
            let k4 = k / 4 * 4;
            let mut p = 0;
            while p < k4 {
                let wide = p + 16 <= k;
                let mut acc = [f32x4_splat(0.0); 4];
                let lanes = if wide { 4 } else { 1 };
                for (q, v) in acc.iter_mut().enumerate().take(lanes) {
                    *v = unsafe { ld(cp.add(p + 4 * q)) };
                }
                for i in 0..m {
                    let g = unsafe { splat(bp.add(i)) };
                    for (q, v) in acc.iter_mut().enumerate().take(lanes) {
                        *v = f32x4_add(*v, f32x4_mul(unsafe { ld(ap.add(i * k + p + 4 * q)) }, g));
                    }
                }
                for (q, v) in acc.iter().enumerate().take(lanes) {
                    unsafe { st(cp.add(p + 4 * q), *v) };
                }
                p += 4 * lanes;
            }
            for p in k4..k {
                for i in 0..m {
                    c[p] += a[i * k + p] * b[i];
                }
            }
            return;
        }
        let n8 = n / 8 * 8;
        let n4 = n / 4 * 4;
        let mut p = 0;
        // 4 rows of C (4 inputs) × 8 columns in registers, accumulated over the batch.
        while p + 4 <= k {
            let mut j = 0;
            while j < n8 {
                let mut acc = [[f32x4_splat(0.0); 2]; 4];
                for (r, pair) in acc.iter_mut().enumerate() {
                    unsafe {
                        pair[0] = ld(cp.add((p + r) * n + j));
                        pair[1] = ld(cp.add((p + r) * n + j + 4));
                    }
                }
                for i in 0..m {
                    let (g0, g1) = unsafe { (ld(bp.add(i * n + j)), ld(bp.add(i * n + j + 4))) };
                    for (r, pair) in acc.iter_mut().enumerate() {
                        let av = unsafe { splat(ap.add(i * k + p + r)) };
                        pair[0] = f32x4_add(pair[0], f32x4_mul(av, g0));
                        pair[1] = f32x4_add(pair[1], f32x4_mul(av, g1));
                    }
                }
                for (r, pair) in acc.iter().enumerate() {
                    unsafe {
                        st(cp.add((p + r) * n + j), pair[0]);
                        st(cp.add((p + r) * n + j + 4), pair[1]);
                    }
                }
                j += 8;
            }
            while j < n4 {
                let mut acc = [f32x4_splat(0.0); 4];
                for (r, v) in acc.iter_mut().enumerate() {
                    *v = unsafe { ld(cp.add((p + r) * n + j)) };
                }
                for i in 0..m {
                    let g = unsafe { ld(bp.add(i * n + j)) };
                    for (r, v) in acc.iter_mut().enumerate() {
                        *v = f32x4_add(*v, f32x4_mul(unsafe { splat(ap.add(i * k + p + r)) }, g));
                    }
                }
                for (r, v) in acc.iter().enumerate() {
                    unsafe { st(cp.add((p + r) * n + j), *v) };
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
                let mut acc = unsafe { ld(cp.add(p * n + j)) };
                for i in 0..m {
                    acc = f32x4_add(acc, f32x4_mul(unsafe { splat(ap.add(i * k + p)) }, unsafe { ld(bp.add(i * n + j)) }));
                }
                unsafe { st(cp.add(p * n + j), acc) };
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
    #[inline(never)]
    fn col_sums_acc(m: usize, n: usize, a: &[f32], out: &mut [f32]) {
        assert!(a.len() >= m * n && out.len() >= n, "col_sums: buffers smaller than m×n, n");
        let (ap, op) = (a.as_ptr(), out.as_mut_ptr());
        // SAFETY (all loads and stores here): columns j + 4 ≤ n and rows i < m, so every
        // index is below m·n or n, checked above.
        let mut j = 0;
        // Sixteen columns at a time in four registers, down all the rows, stored once.
        while j + 16 <= n {
            let mut acc = [f32x4_splat(0.0); 4];
            for (q, v) in acc.iter_mut().enumerate() {
                *v = unsafe { ld(op.add(j + 4 * q)) };
            }
            for i in 0..m {
                let row = unsafe { ap.add(i * n + j) };
                for (q, v) in acc.iter_mut().enumerate() {
                    *v = f32x4_add(*v, unsafe { ld(row.add(4 * q)) });
                }
            }
            for (q, v) in acc.iter().enumerate() {
                unsafe { st(op.add(j + 4 * q), *v) };
            }
            j += 16;
        }
        while j + 4 <= n {
            let mut v = unsafe { ld(op.add(j)) };
            for i in 0..m {
                v = f32x4_add(v, unsafe { ld(ap.add(i * n + j)) });
            }
            unsafe { st(op.add(j), v) };
            j += 4;
        }
        for jj in j..n {
            let mut s = out[jj];
            for i in 0..m {
                s += a[i * n + jj];
            }
            out[jj] = s;
        }
    }

    fn transpose(rows: usize, cols: usize, src: &[f32], dst: &mut [f32]) {
        assert!(src.len() >= rows * cols && dst.len() >= rows * cols, "transpose: buffers smaller than rows×cols");
        let (sp, dp) = (src.as_ptr(), dst.as_mut_ptr());
        let (r4, c4) = (rows / 4 * 4, cols / 4 * 4);
        // 4×4 blocks: four row loads, one `transpose4`, four column stores.
        // SAFETY: i + 3 < rows and j + 3 < cols, so every index is below rows·cols.
        for i in (0..r4).step_by(4) {
            for j in (0..c4).step_by(4) {
                let out = transpose4([0, 1, 2, 3].map(|r| unsafe { ld(sp.add((i + r) * cols + j)) }));
                for (r, v) in out.into_iter().enumerate() {
                    unsafe { st(dp.add((j + r) * rows + i), v) };
                }
            }
        }
        // The ragged right and bottom edges, one element at a time.
        for i in 0..rows {
            let from = if i < r4 { c4 } else { 0 };
            for j in from..cols {
                dst[j * rows + i] = src[i * cols + j];
            }
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

/// Twelve f32x4 accumulators, each adding a product that does not depend on it (see
/// `kernels::peak_probe`): twelve registers plus three constants stay in registers.
#[inline(never)]
pub fn peak_probe(iters: usize) -> f32 {
    // Opaque constants, so no product can be folded or hoisted out of the loop.
    let x = [f32x4_splat(core::hint::black_box(1e-3)), f32x4_splat(core::hint::black_box(2e-3))];
    let mut m = f32x4_splat(core::hint::black_box(0.999_9));
    let step = f32x4_splat(core::hint::black_box(1e-9));
    let mut acc = [f32x4_splat(0.0); 12];
    for _ in 0..iters {
        for (i, v) in acc.iter_mut().enumerate() {
            *v = f32x4_add(*v, f32x4_mul(x[i % 2], m));
        }
        m = f32x4_add(m, step);
    }
    let mut s = f32x4_splat(0.0);
    for v in acc {
        s = f32x4_add(s, v);
    }
    f32x4_extract_lane::<0>(s) + f32x4_extract_lane::<1>(s) + f32x4_extract_lane::<2>(s) + f32x4_extract_lane::<3>(s)
}

#[cfg(test)]
mod tests {
    use super::Act;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_epilogue_table_follows_the_declaration_order() {
        // `tiles::<{ a as u8 }>` looks its epilogue up in `Act::ALL`.
        for (i, a) in Act::ALL.iter().enumerate() {
            assert_eq!(*a as usize, i);
        }
    }
}

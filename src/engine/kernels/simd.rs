//! The WASM SIMD backend: four f32 lanes per instruction (f32x4).

use super::Kernels;
use core::arch::wasm32::*;

/// WASM SIMD128 loops: a chunked main loop over 4 lanes, then the leftovers.
pub struct Simd;

impl Kernels for Simd {
    #[inline]
    fn axpy(alpha: f32, x: &[f32], y: &mut [f32]) {
        assert_eq!(x.len(), y.len(), "axpy: lengths differ");
        let chunks = x.len() / 4 * 4;
        let a = f32x4_splat(alpha);
        let mut i = 0;
        while i < chunks {
            // SAFETY: i + 4 <= chunks <= len of both slices; v128 loads/stores allow unaligned access.
            unsafe {
                let xv = v128_load(x.as_ptr().add(i) as *const v128);
                let yv = v128_load(y.as_ptr().add(i) as *const v128);
                v128_store(y.as_mut_ptr().add(i) as *mut v128, f32x4_add(yv, f32x4_mul(a, xv)));
            }
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
            // SAFETY: i + 4 <= chunks <= len of both slices; unaligned v128 loads are allowed.
            unsafe {
                let xv = v128_load(x.as_ptr().add(i) as *const v128);
                let yv = v128_load(y.as_ptr().add(i) as *const v128);
                acc = f32x4_add(acc, f32x4_mul(xv, yv));
            }
            i += 4;
        }
        let mut s =
            (f32x4_extract_lane::<0>(acc) + f32x4_extract_lane::<1>(acc)) + (f32x4_extract_lane::<2>(acc) + f32x4_extract_lane::<3>(acc));
        for j in chunks..x.len() {
            s += x[j] * y[j];
        }
        s
    }
}

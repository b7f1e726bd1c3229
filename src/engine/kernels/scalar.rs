//! The portable backend: plain loops (which LLVM may still vectorise natively).

use super::Kernels;

/// Plain Rust loops; the reference every other backend is tested against.
pub struct Scalar;

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
}

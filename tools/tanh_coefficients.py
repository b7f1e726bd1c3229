#!/usr/bin/env python3
"""Coefficients of the fast tanh in src/engine/kernels (needs numpy: pip install numpy).

The kernels compute, for t = min(|x|, CLAMP) and y = t²,

    tanh x ≈ sign(x) · min(t·N(y) / D(y), 1)

with N and D of degree 3 in y (Horner in f32, one division). N and D are fitted for the
smallest worst *relative* error on (0, CLAMP], so the slope at 0 is right as well as the
plateau: a linearised least-squares problem t·N(y) − tanh(t)·D(y) ≈ 0 (D(0) = 1), solved
again and again with each sample's weight multiplied by its last error (Lawson's
iteration), which drives the error towards equal ripples, i.e. towards the minimax fit.

It prints the coefficients rounded to f32 and the worst error of the f32 evaluation over
[−12, 12] (absolute) and near 0 (relative); the kernels' tests bound both."""
import math
import struct

import numpy as np

TERMS = 4  # coefficients in N and in D
CLAMP = 7.0


def f32(x):
    return struct.unpack('f', struct.pack('f', x))[0]


def fit(iterations=150):
    t = np.linspace(1e-4, CLAMP, 8000)
    y, f = t * t, np.tanh(t)
    weight, last_d = np.ones_like(t), np.ones_like(t)
    for _ in range(iterations):
        # unknowns N0..N3, D1..D3; relative error (t·N/D − f)/f ≈ (t·N − f·D)/(f·D)
        a = np.stack([t * y**i for i in range(TERMS)] + [-f * y**j for j in range(1, TERMS)], axis=1)
        scale = np.sqrt(weight) / (last_d * f)
        c, *_ = np.linalg.lstsq(a * scale[:, None], f * scale, rcond=None)
        n, d = c[:TERMS], np.concatenate([[1.0], c[TERMS:]])
        last_d = sum(d[j] * y**j for j in range(TERMS))
        err = (t * sum(n[i] * y**i for i in range(TERMS)) / last_d - f) / f
        weight = weight * np.abs(err)
        weight /= weight.sum()
    return [f32(v) for v in n], [f32(v) for v in d]


def fast(n, d, x):
    """The kernels' f32 evaluation, operation for operation."""
    t = min(abs(x), CLAMP)
    y = f32(t * t)
    p, q = n[-1], d[-1]
    for a, b in zip(reversed(n[:-1]), reversed(d[:-1])):
        p = f32(f32(p * y) + a)
        q = f32(f32(q * y) + b)
    return math.copysign(min(f32(f32(t * p) / q), 1.0), x)


n, d = fit()
print('TANH_N =', ', '.join(str(np.float32(v)) for v in n))
print('TANH_D =', ', '.join(str(np.float32(v)) for v in d))
xs = [f32(x) for x in np.linspace(-12, 12, 96001)]
print('worst |error| on [-12, 12] =', max(abs(fast(n, d, x) - math.tanh(x)) for x in xs))
small = [f32(x) for x in np.geomspace(1e-30, 0.5, 5000)]
print('worst relative error on (0, 0.5] =', max(abs(fast(n, d, x) - math.tanh(x)) / math.tanh(x) for x in small))

#!/usr/bin/env python3
"""Coefficients of the fast tanh in src/engine/kernels: Lambert's continued fraction
    tanh x = x / (1 + x²/(3 + x²/(5 + x²/(7 + …))))
cut after ten levels and folded into one quotient x·N(x²)/D(x²), in exact rationals,
then scaled so N(0) = D(0) = 1. Also prints the worst error on [−12, 12] of the f32
evaluation used by the kernels (Horner in x², one division, input clamped to ±7)."""
from fractions import Fraction
import math
import struct

LEVELS = 10
CLAMP = 7.0


def f32(x):
    return struct.unpack('f', struct.pack('f', x))[0]


def folded(levels):
    num, den = [Fraction(2 * levels + 1)], [Fraction(1)]
    for k in range(levels, 0, -1):
        # (2k − 1) + y·den/num, as one fraction over num
        top = [Fraction(0)] * max(len(num), len(den) + 1)
        for i, c in enumerate(num):
            top[i] += (2 * k - 1) * c
        for i, c in enumerate(den):
            top[i + 1] += c
        num, den = top, num
    return den, num  # tanh x = x · den(y) / num(y)


n, d = folded(LEVELS)
n = [float(c / d[0]) for c in n]
d = [float(c / d[0]) for c in d]
print('TANH_N =', n)
print('TANH_D =', d)


def fast(x):
    t = min(abs(x), CLAMP)
    y = f32(t * t)
    p = n[-1]
    for c in reversed(n[:-1]):
        p = f32(f32(p * y) + f32(c))
    q = d[-1]
    for c in reversed(d[:-1]):
        q = f32(f32(q * y) + f32(c))
    return math.copysign(min(f32(f32(t * p) / q), 1.0), x)


worst = max(abs(fast(i * 1e-3) - math.tanh(i * 1e-3)) for i in range(-12000, 12001))
print('worst |error| =', worst)

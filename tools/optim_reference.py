#!/usr/bin/env python3
"""Independent reference for the optimizer tests: the update rules written out in plain
Python (f64), run for three steps from the tests' START with the tests' GRADS.
Prints each optimizer's parameters after steps 1, 2 and 3, ready to paste into a test."""
import math

START = [0.5, -1.0, 2.0]
GRADS = [[0.1, -0.2, 0.3], [-0.05, 0.4, 0.0], [0.2, 0.1, -0.3]]


def run(name, update):
    p = list(START)
    state = [dict() for _ in p]
    rows = []
    for t, g in enumerate(GRADS, start=1):
        for j in range(len(p)):
            p[j] = update(p[j], g[j], state[j], t)
        rows.append("[" + ", ".join(repr(round(x, 12)) for x in p) + "]")
    print(f"{name}: [{', '.join(rows)}]")


def sgd(lr):
    return lambda p, g, s, t: p - lr * g


def momentum(lr, mu, nesterov):
    def f(p, g, s, t):
        s["v"] = mu * s.get("v", 0.0) + g
        return p - lr * (g + mu * s["v"] if nesterov else s["v"])
    return f


def adagrad(lr, eps):
    def f(p, g, s, t):
        s["G"] = s.get("G", 0.0) + g * g
        return p - lr * g / (math.sqrt(s["G"]) + eps)
    return f


def rmsprop(lr, rho, eps):
    def f(p, g, s, t):
        s["s"] = rho * s.get("s", 0.0) + (1 - rho) * g * g
        return p - lr * g / (math.sqrt(s["s"]) + eps)
    return f


def adadelta(lr, rho, eps):
    def f(p, g, s, t):
        s["eg"] = rho * s.get("eg", 0.0) + (1 - rho) * g * g
        d = -math.sqrt(s.get("ed", 0.0) + eps) / math.sqrt(s["eg"] + eps) * g
        s["ed"] = rho * s.get("ed", 0.0) + (1 - rho) * d * d
        return p + lr * d
    return f


def adam(lr, b1, b2, eps):
    def f(p, g, s, t):
        s["m"] = b1 * s.get("m", 0.0) + (1 - b1) * g
        s["v"] = b2 * s.get("v", 0.0) + (1 - b2) * g * g
        mh = s["m"] / (1 - b1 ** t)
        vh = s["v"] / (1 - b2 ** t)
        return p - lr * mh / (math.sqrt(vh) + eps)
    return f


run("sgd lr=0.1", sgd(0.1))
run("momentum lr=0.1 mu=0.9", momentum(0.1, 0.9, False))
run("nesterov lr=0.1 mu=0.9", momentum(0.1, 0.9, True))
run("adagrad lr=0.1 eps=1e-8", adagrad(0.1, 1e-8))
run("rmsprop lr=0.01 rho=0.9 eps=1e-8", rmsprop(0.01, 0.9, 1e-8))
run("adadelta lr=1 rho=0.9 eps=1e-6", adadelta(1.0, 0.9, 1e-6))
run("adam lr=0.1 b1=0.9 b2=0.999 eps=1e-8", adam(0.1, 0.9, 0.999, 1e-8))

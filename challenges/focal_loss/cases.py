"""The focal-loss suite: vectors, matrices and 3-D arrays, integer and float targets, the default
gamma and alpha and others passed by name (gamma 0, where it is an alpha-weighted binary
cross-entropy, fractional and large gammas; alpha 0.5, where alpha_t cannot be swapped, and 0.9),
only positives and only negatives, a single element, confidently wrong logits of 30 to 1e4
(where sigmoid rounds to 0 or 1, and log(0) or exp overflow follow unless the loss is formed from
the logits), float32, and a benchmark.

The result must be a real scalar (a Python float, a NumPy floating scalar or a 0-d array); its
value is compared with an absolute bound that scales with the largest logit (see
challenge.toml).
"""

import numpy as np

from judge.challenges import Case, call
from judge.checking import Tolerance, check_scalar

EPS32 = float(np.finfo(np.float32).eps)
FLOAT32_EPSILONS = 64


def examples():
    yield Case("example-vector", (np.array([2.0, -1.0, 0.5, -3.0]), np.array([1, 0, 0, 1])))
    logits = np.array([[2.0, -1.0], [0.5, -3.0]])
    targets = np.array([[1.0, 0.0], [0.0, 1.0]])
    yield Case("example-gamma-0-alpha-half", steps=(call(logits, targets, gamma=0.0, alpha=0.5),))
    yield Case("example-large-logits", (np.array([10000.0, -10000.0, 30.0]), np.array([0, 1, 1])))


def hidden(rng: np.random.Generator):
    def normal(*shape, scale=2.0):
        return rng.normal(scale=scale, size=shape)

    def labels(*shape, p=0.3):
        return (rng.random(size=shape) < p).astype(np.int64)

    def with_both(y):
        y.flat[:2] = [0, 1]  # both classes present
        return y

    n = int(rng.integers(20, 60))
    yield Case("vector-defaults", (normal(n), with_both(labels(n))))
    yield Case(
        "matrix-by-name",
        steps=(call(normal(n, 6), with_both(labels(n, 6)), gamma=1.0, alpha=0.9),),
    )
    shape = tuple(int(v) for v in rng.integers(2, 6, size=3))
    yield Case("three-d-float-targets", (normal(*shape), with_both(labels(*shape)).astype(float)))
    yield Case("gamma-0", steps=(call(normal(n), with_both(labels(n)), gamma=0.0),))
    yield Case("fractional-gamma", steps=(call(normal(n, 3), with_both(labels(n, 3)), gamma=1.5),))
    yield Case("large-gamma", (normal(n), with_both(labels(n, p=0.5)), 5.0, 0.4))
    yield Case("alpha-half", steps=(call(normal(n), with_both(labels(n)), alpha=0.5),))
    yield Case("only-positives", (normal(n), np.ones(n, dtype=np.int64)))
    yield Case("only-negatives", (normal(n, 2), np.zeros((n, 2))))
    yield Case("one-element", (np.array([float(rng.uniform(-3.0, -0.5))]), np.array([1])))
    # Confidently wrong: the sign of the logit against the target, magnitudes 30 to 1e4. sigmoid
    # rounds to exactly 0 or 1 (past about 37 and 745), so log(p_t) is -inf unless it is formed
    # from the logits; clipping p to [1e-7, 1 - 1e-7] caps -log(p_t) at 16.
    y = with_both(labels(n, p=0.5))
    size = 10 ** rng.uniform(1.5, 4.0, size=n)
    yield Case("confidently-wrong", (np.where(y == 1, -size, size), y, 2.0, 0.25))
    y = with_both(labels(n, 4, p=0.5))
    yield Case("large-logits", (normal(n, 4, scale=1e4), y))
    # Mostly confidently right (terms near 0), some wrong: the loss rests on a few elements.
    y = with_both(labels(n, p=0.5))
    z = np.where(y == 1, 1.0, -1.0) * rng.uniform(20.0, 800.0, size=n)
    z[:3] = -z[:3]
    yield Case("mostly-confident", (z, y))
    yield Case("float32", (normal(n, 3).astype(np.float32), with_both(labels(n, 3))))
    big = rng.uniform(-120.0, 120.0, size=n).astype(np.float32)  # exp overflows float32 past 88.7
    yield Case("float32-past-overflow", (big, with_both(labels(n, p=0.5))))
    yield Case("many-elements", (normal(50, 100), with_both(labels(50, 100, p=0.1))))


def benchmark(rng: np.random.Generator):
    logits = rng.normal(scale=3.0, size=(1000, 1000))
    targets = (rng.random(size=(1000, 1000)) < 0.1).astype(np.int64)
    yield Case("benchmark-1000x1000", (logits, targets))


def check(case, expected, actual, tolerance):
    logits = np.asarray(case.steps[0].args[0])
    return check_scalar(
        expected[0],
        actual[0],
        _tolerance(tolerance, logits),
        why_not_finite="sigmoid rounds to 0 or 1 for large logits: log(p_t) must be formed from "
        "the logits",
    )


def _tolerance(tolerance, logits):
    """atol scaled by the largest |logit|; float32 logits get float32 bounds."""
    scale = max(1.0, float(np.abs(logits).max()))
    if logits.dtype == np.float32:
        bound = (FLOAT32_EPSILONS + logits.size) * EPS32
        return Tolerance(rtol=max(tolerance.rtol, bound), atol=max(tolerance.atol, bound) * scale)
    return Tolerance(rtol=tolerance.rtol, atol=tolerance.atol * scale)

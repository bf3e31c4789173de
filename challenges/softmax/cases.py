"""The softmax suite: every axis of 1-D to 4-D inputs, logits of magnitude 1e4 (where exp
overflows or underflows without the shift by the maximum), float32 kept float32, and a benchmark.

The checker checks the properties of a softmax before the values: the dtype of the input, no NaN
or infinity, no negative probability, every slice along ``axis`` summing to 1; then the values
within the tolerance of challenge.toml.
"""

import dataclasses

import numpy as np

from judge.challenges import Case
from judge.checking import Check, as_array, check_numeric

#: float32 epsilon. A float32 result is off by a few of them per element, plus the rounding of
#: the sum along the axis: up to about n / 2 epsilons for a slice of length n summed one term after
#: another (NumPy sums along a non-contiguous axis that way, not pairwise). So float32 values and
#: sums may be off by FLOAT32_EPSILONS + n epsilons; float64 ones by FLOAT64_SUM_SLACK (n * 1.1e-16
#: is far below it for any length here).
EPS32 = float(np.finfo(np.float32).eps)
FLOAT32_EPSILONS = 64
FLOAT64_SUM_SLACK = 1e-9


def examples():
    yield Case("example-vector", (np.array([1.0, 2.0, 3.0]),))
    yield Case("example-rows", (np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]), -1))
    yield Case("example-columns-axis-0", (np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 9.0]]), 0))
    yield Case("example-large-logits", (np.array([10000.0, 10001.0, 9999.0]),))
    yield Case("example-float32", (np.array([[0.5, -1.0, 2.0]], dtype=np.float32),))


def hidden(rng: np.random.Generator):
    def normal(*shape, scale=1.0):
        return rng.normal(scale=scale, size=shape)

    n, c = (int(v) for v in rng.integers(5, 40, size=2))
    c = c + (c == n)  # never square: a missing keepdims cannot broadcast by luck
    yield Case("vector", (normal(c, scale=3.0),))
    yield Case("batch-of-one", (normal(1, c, scale=3.0), -1))
    yield Case("matrix-default-axis", (normal(n, c, scale=3.0),))
    yield Case("matrix-axis-0", (normal(n, c, scale=3.0), 0))
    yield Case("matrix-axis-minus-2", (normal(c, n, scale=3.0), -2))
    # Square: x - x.max(axis=-1) without keepdims broadcasts, along the wrong axis.
    yield Case("square-matrix", (normal(n, n, scale=3.0), 1))
    yield Case("three-dims-axis-0", (normal(4, 5, 6, scale=3.0), 0))
    yield Case("three-dims-axis-1", (normal(3, 7, 5, scale=3.0), 1))
    yield Case("three-dims-axis-minus-2", (normal(6, 4, 3, scale=3.0), -2))
    yield Case("four-dims-axis-2", (normal(2, 3, 8, 4, scale=3.0), 2))
    yield Case("one-class", (normal(n, 1, scale=3.0), -1))  # all ones
    # Logits of magnitude 1e4: exp(x) overflows (inf / inf) or underflows (0 / 0) unless shifted.
    yield Case("large-logits", (normal(n, c, scale=1e4),))
    yield Case("large-logits-axis-1-of-3", (normal(3, c, 4, scale=1e4), 1))
    yield Case("all-large-negative", (-1e4 + normal(n, c, scale=2.0),))
    yield Case("equal-large-logits", (np.full((3, c), 1e4),))
    # Each row far from the others: shifting by the maximum of the whole array, not of each
    # row, leaves some rows all zeros (0 / 0).
    offsets = rng.uniform(-1e4, 1e4, size=(n, 1))
    yield Case("rows-far-apart", (offsets + normal(n, c, scale=2.0), -1))
    yield Case("float32", (normal(n, c, scale=3.0).astype(np.float32),))
    yield Case("float32-three-dims-axis-0", (normal(5, 3, 4, scale=3.0).astype(np.float32), 0))
    # Past 88.7, exp overflows float32.
    big = rng.uniform(-95.0, 95.0, size=(n, c))
    big[:, 0] = rng.uniform(89.0, 95.0, size=n)
    yield Case("float32-past-overflow", (big[:, rng.permutation(c)].astype(np.float32), -1))


def benchmark(rng: np.random.Generator):
    # 2 million float32 logits (8 MB): the result travels four times in one run (the ordinary
    # run's, then the first timed run's and the two the worker checks), all within the 64 MB
    # output limit with room to spare.
    logits = rng.normal(scale=5.0, size=(1000, 2000)).astype(np.float32)
    yield Case("benchmark-1000x2000-float32-axis-0", (logits, 0))


def check(case, expected, actual, tolerance):
    args = case.steps[0].args
    x, axis = args[0], (args[1] if len(args) > 1 else -1)
    got, problem = as_array(actual[0])
    if problem:
        return Check(False, problem)
    if got.shape != x.shape:
        return Check(False, f"expected shape {x.shape} (the input's), got {got.shape}")
    if got.dtype != x.dtype:
        return Check(
            False,
            f"expected dtype {x.dtype} (the input's: {x.dtype} in, {x.dtype} out), got {got.dtype}",
        )
    values = got.astype(np.float64)
    finite = np.isfinite(values)
    if not finite.all():
        return Check(
            False,
            f"{int((~finite).sum())} of {got.size} elements are NaN or infinite, first at "
            f"{_where(~finite)}; exp overflows (or 0 / 0 appears) unless the maximum along the "
            "axis is subtracted first",
        )
    negative = values < 0
    if negative.any():
        return Check(
            False,
            f"{int(negative.sum())} of {got.size} elements are negative, first at "
            f"{_where(negative)}; probabilities are never negative",
        )
    if got.dtype == np.float32:
        bound = (FLOAT32_EPSILONS + x.shape[axis]) * EPS32
        # Relative: the sum's rounding scales every element of a slice alike.
        tolerance = dataclasses.replace(tolerance, rtol=max(tolerance.rtol, bound))
        slack = bound
    else:
        slack = FLOAT64_SUM_SLACK
    sums = values.sum(axis=axis)
    off = np.abs(sums - 1.0) > slack
    if off.any():
        first = np.unravel_index(int(np.argmax(off)), sums.shape) if sums.ndim else ()
        worst = sums[first] if sums.ndim else sums
        return Check(
            False,
            f"{int(off.sum())} of {sums.size} slices along axis {axis} do not sum to 1; the one "
            f"at {tuple(int(i) for i in first)} (the other axes' indices) sums to {worst:.9g}",
        )
    return check_numeric(expected[0], got, tolerance)


def _where(mask):
    return tuple(int(i) for i in np.unravel_index(int(np.argmax(mask)), mask.shape))

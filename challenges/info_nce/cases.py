"""The NT-Xent suite: batches of one pair (the loss is exactly 0: the positive is the whole
denominator) to hundreds, one to hundreds of dimensions, views of very different lengths (the
normalisation shows), temperatures from 1e-3 (similarities of 1000: exp overflows without
log-sum-exp) to 10, views that are near copies of their counterparts and views that are not,
float32 inputs, and a benchmark of 1536 pairs of 128 dimensions where a Python loop over pairs of
views times out.

The result must be one float (a Python float or a NumPy floating scalar, not an array): its value
is compared with a bound that grows with 1 / temperature, since the loss is a log-sum-exp of
similarities divided by the temperature and rounds like them (see challenge.toml).
"""

import numpy as np

from judge.challenges import Case
from judge.checking import Tolerance, check_scalar

EPS32 = float(np.finfo(np.float32).eps)
#: How many float32 epsilons of the logits' scale (1 / temperature) a float32 result may be off.
FLOAT32_EPSILONS = 64


def pairs(rng, n, d, noise=0.5, scale=1.0, dtype=np.float64):
    """Two views of n samples: z2 is z1 plus noise, each row scaled differently."""
    z1 = rng.normal(size=(n, d))
    z2 = z1 + noise * rng.normal(size=(n, d))
    # Rows of very different lengths: only their directions matter.
    z1 *= scale * np.exp(rng.uniform(-2, 2, size=(n, 1)))
    z2 *= scale * np.exp(rng.uniform(-2, 2, size=(n, 1)))
    return z1.astype(dtype), z2.astype(dtype)


def examples():
    z1 = np.array([[1.0, 0.0], [0.0, 1.0]])
    z2 = np.array([[2.0, 0.0], [0.0, 3.0]])
    yield Case("example-aligned-pairs", (z1, z2, 0.5))
    z1 = np.array([[3.0, 4.0], [1.0, 0.0], [0.0, -2.0]])
    z2 = np.array([[0.6, 0.8], [1.0, 1.0], [1.0, -1.0]])
    yield Case("example-three-pairs", (z1, z2, 1.0))
    yield Case("example-one-pair", (np.array([[1.0, 2.0, 3.0]]), np.array([[-1.0, 0.5, 2.0]]), 0.1))


def hidden(rng: np.random.Generator):
    n, d = int(rng.integers(8, 40)), int(rng.integers(5, 40))
    n += n == d  # never square: a transposed similarity matrix has the same shape
    yield Case("small", (*pairs(rng, n, d), 0.5))
    yield Case("simclr-temperature", (*pairs(rng, 64, 32, noise=0.3), 0.07))
    yield Case("one-pair", (*pairs(rng, 1, d), 0.2))
    yield Case("two-pairs", (*pairs(rng, 2, d), 0.3))
    yield Case("one-dimension", (*pairs(rng, 12, 1), 0.5))
    yield Case("unrelated-views", (*pairs(rng, 30, 16, noise=50.0), 1.0))
    yield Case("near-copies", (*pairs(rng, 30, 16, noise=1e-3), 0.1))
    # Similarities of up to 1000 and 200: exp overflows float64 (and float32) without a shift.
    yield Case("temperature-1e-3", (*pairs(rng, 20, 8, noise=0.7), 1e-3))
    yield Case("temperature-5e-3", (*pairs(rng, 40, 24, noise=1.5), 5e-3))
    yield Case("temperature-10", (*pairs(rng, 25, 10), 10.0))
    yield Case("large-magnitudes", (*pairs(rng, 20, 12, scale=1e4), 0.5))
    yield Case("small-magnitudes", (*pairs(rng, 20, 12, scale=1e-4), 0.5))
    yield Case("wide", (*pairs(rng, 16, 512), 0.2))
    yield Case("many-pairs", (*pairs(rng, 200, 32), 0.1))
    yield Case("float32", (*pairs(rng, 48, 20, dtype=np.float32), 0.1))
    yield Case("float32-temperature-1e-2", (*pairs(rng, 32, 16, noise=1.5, dtype=np.float32), 0.01))


def benchmark(rng: np.random.Generator):
    # 2N = 3072 views: a 3072 x 3072 similarity matrix (75 MB in float64), one matrix product of
    # 1.2 GFLOP; a Python loop over the 9.4 million pairs of views takes several seconds.
    yield Case("benchmark-1536-pairs-128-dims", (*pairs(rng, 1536, 128, noise=0.5), 0.1))


def check(case, expected, actual, tolerance):
    z1, z2, temperature = case.steps[0].args
    scale = max(1.0, 1.0 / temperature)
    atol, rtol = tolerance.atol * scale, tolerance.rtol
    if z1.dtype == np.float32 or z2.dtype == np.float32:
        atol = max(atol, FLOAT32_EPSILONS * EPS32 * scale)
        rtol = max(rtol, FLOAT32_EPSILONS * EPS32)
    return check_scalar(
        float(expected[0]),
        actual[0],
        Tolerance(rtol=rtol, atol=atol),
        why_not_finite="exp of similarities / temperature overflows for small temperatures: "
        "shift each row by its maximum (log-sum-exp)",
    )

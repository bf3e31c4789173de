"""The cross-entropy suite: batches of one to thousands of rows, two to hundreds of classes,
targets that are rarely the largest logit, logits of magnitude 1e4 (where exp overflows, and
the target's probability underflows to 0, unless log-sum-exp is used), float32 logits, and a
benchmark.

The result must be a real scalar (a Python float, a NumPy floating scalar or a 0-d array); its
value is compared with an absolute bound that scales with the largest logit, since that is how
log-sum-exp rounds.
"""

import numpy as np

from judge.challenges import Case
from judge.checking import Tolerance, check_scalar

EPS32 = float(np.finfo(np.float32).eps)
FLOAT32_EPSILONS = 64


def examples():
    logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])
    yield Case("example-two-rows", (logits, np.array([0, 1])))
    yield Case(
        "example-wrong-guess", (np.array([[3.0, 0.0], [0.0, 3.0], [1.0, 1.0]]), np.array([1, 1, 0]))
    )
    yield Case("example-large-logits", (np.array([[10000.0, 10002.0, 9999.0]]), np.array([0])))


def hidden(rng: np.random.Generator):
    def normal(*shape, scale=1.0):
        return rng.normal(scale=scale, size=shape)

    def targets(n, c):
        return rng.integers(0, c, size=n)

    n, c = (int(v) for v in rng.integers(5, 40, size=2))
    c = c + (c == n)  # never square: logits[:, targets] is then a different shape
    yield Case("small", (normal(n, c, scale=2.0), targets(n, c)))
    yield Case("batch-of-one", (normal(1, c, scale=2.0), targets(1, c)))
    yield Case("binary", (normal(n, 2, scale=2.0), targets(n, 2)))
    yield Case("many-classes", (normal(20, 500, scale=3.0), targets(20, 500)))
    yield Case("large-batch", (normal(2000, 10, scale=2.0), targets(2000, 10)))
    yield Case("int32-targets", (normal(n, c), targets(n, c).astype(np.int32)))
    yield Case("one-target-class", (normal(n, c), np.full(n, c - 1)))
    # The target is never the largest logit: a one-hot of the argmax is far off.
    x = normal(n, c, scale=3.0)
    yield Case("target-never-the-argmax", (x, np.argmin(x, axis=1)))
    # Probabilities-looking logits (each row positive, summing to 1): still logits.
    p = rng.dirichlet(np.ones(c), size=n)
    yield Case("logits-that-look-like-probabilities", (p, targets(n, c)))
    # Magnitude 1e4: exp overflows (inf) and the target's softmax underflows to 0 (log gives
    # -inf) unless log-sum-exp is used; the loss itself is large and finite.
    yield Case("large-logits", (normal(n, c, scale=1e4), targets(n, c)))
    yield Case("large-offset", (1e4 + normal(n, c, scale=2.0), targets(n, c)))
    yield Case("large-negative-offset", (-1e4 + normal(n, c, scale=2.0), targets(n, c)))
    # Each row far from the others, the target sometimes far below its row's maximum.
    offsets = rng.uniform(-1e4, 1e4, size=(n, 1))
    yield Case("rows-far-apart", (offsets + normal(n, c, scale=500.0), targets(n, c)))
    yield Case("float32", (normal(n, c, scale=2.0).astype(np.float32), targets(n, c)))
    # Past 88.7, exp overflows float32.
    big = rng.uniform(-95.0, 95.0, size=(n, c))
    big[np.arange(n), targets(n, c)] = rng.uniform(89.0, 95.0, size=n)
    yield Case("float32-past-overflow", (big.astype(np.float32), targets(n, c)))


def benchmark(rng: np.random.Generator):
    # float32, so that 4 million logits fit the memory limit easily. It ranks, and asks for no
    # speed (see challenge.toml). Few rows of many classes: a loop over the rows, vectorised over
    # each, is as fast as the reference (a loop over the logits is not).
    logits = rng.normal(scale=3.0, size=(500, 8000)).astype(np.float32)
    yield Case("benchmark-500x8000-float32", (logits, rng.integers(0, 8000, size=500)))


def check(case, expected, actual, tolerance):
    logits, _ = case.steps[0].args
    return check_scalar(
        expected[0],
        actual[0],
        _tolerance(tolerance, logits),
        why_not_finite="exp overflows, or log meets 0 or a negative number, where log-sum-exp "
        "is not used",
    )


def _tolerance(tolerance, logits):
    """atol scaled by the largest |logit|; float32 logits get float32 bounds."""
    scale = max(1.0, float(np.abs(logits).max()))
    if logits.dtype == np.float32:
        n, c = logits.shape
        bound = (FLOAT32_EPSILONS + n + c) * EPS32
        return Tolerance(rtol=max(tolerance.rtol, bound), atol=max(tolerance.atol, bound) * scale)
    return Tolerance(rtol=tolerance.rtol, atol=tolerance.atol * scale)

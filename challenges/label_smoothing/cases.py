"""The label-smoothing suite: batches of one to thousands of rows, two to hundreds of classes
(two classes is where eps / C and eps / (C - 1) differ most), eps of 0 (plain cross-entropy), 1
(a uniform target) and between, passed by position and by name, targets that are rarely the best
class, logits of magnitude 1e4 (where exp overflows, and softmax underflows to 0 for classes that
still carry eps / C of the target), float32, and a benchmark.

The result must be a real scalar (a Python float, a NumPy floating scalar or a 0-d array); its
value is compared with an absolute bound that scales with the largest logit, since that is how
log-sum-exp rounds.
"""

import numpy as np

from judge.challenges import Case, call
from judge.checking import Tolerance, check_scalar

EPS32 = float(np.finfo(np.float32).eps)
FLOAT32_EPSILONS = 64


def examples():
    logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])
    yield Case("example-two-rows", (logits, np.array([0, 1]), 0.1))
    yield Case("example-no-smoothing", steps=(call(logits, np.array([2, 1]), eps=0.0),))
    yield Case("example-large-logits", (np.array([[10000.0, 10002.0, 9999.0]]), np.array([0]), 0.2))


def hidden(rng: np.random.Generator):
    def normal(*shape, scale=1.0):
        return rng.normal(scale=scale, size=shape)

    def targets(n, c):
        return rng.integers(0, c, size=n)

    def eps():
        return float(rng.uniform(0.05, 0.3))

    n, c = (int(v) for v in rng.integers(5, 40, size=2))
    c = c + (c == n)  # never square: logits[:, targets] is then a different shape
    yield Case("small", (normal(n, c, scale=2.0), targets(n, c), eps()))
    yield Case("eps-by-name", steps=(call(normal(n, c, scale=2.0), targets(n, c), eps=eps()),))
    yield Case("batch-of-one", (normal(1, c, scale=2.0), targets(1, c), eps()))
    yield Case("two-classes", (normal(n, 2, scale=2.0), targets(n, 2), eps()))
    yield Case("no-smoothing", (normal(n, c, scale=2.0), targets(n, c), 0.0))
    yield Case("uniform-target", (normal(n, c, scale=2.0), targets(n, c), 1.0))
    yield Case("strong-smoothing", (normal(n, c, scale=2.0), targets(n, c), 0.6))
    yield Case("many-classes", (normal(20, 500, scale=3.0), targets(20, 500), eps()))
    yield Case("large-batch", (normal(2000, 10, scale=2.0), targets(2000, 10), eps()))
    yield Case("int32-targets", (normal(n, c), targets(n, c).astype(np.int32), eps()))
    # The target is never the largest logit.
    x = normal(n, c, scale=3.0)
    yield Case("target-never-the-argmax", (x, np.argmin(x, axis=1), eps()))
    # Magnitude 1e4: exp overflows, and softmax underflows to exactly 0 for most classes (log
    # gives -inf) unless log-sum-exp is used; with eps > 0 every class counts.
    yield Case("large-logits", (normal(n, c, scale=1e4), targets(n, c), eps()))
    yield Case("large-logits-no-smoothing", (normal(n, c, scale=1e4), targets(n, c), 0.0))
    yield Case("large-offset", (1e4 + normal(n, c, scale=2.0), targets(n, c), eps()))
    yield Case("large-negative-offset", (-1e4 + normal(n, c, scale=2.0), targets(n, c), eps()))
    yield Case("float32", (normal(n, c, scale=2.0).astype(np.float32), targets(n, c), eps()))
    # Past 88.7, exp overflows float32.
    big = rng.uniform(-95.0, 95.0, size=(n, c)).astype(np.float32)
    yield Case("float32-past-overflow", (big, targets(n, c), eps()))


def benchmark(rng: np.random.Generator):
    logits = rng.normal(scale=3.0, size=(1000, 4000))
    yield Case("benchmark-1000x4000", (logits, rng.integers(0, 4000, size=1000), 0.1))


def _arguments(case):
    step = case.steps[0]
    args = list(step.args) + [value for _, value in step.kwargs]
    return args[0], args[1], float(args[2])


def check(case, expected, actual, tolerance):
    logits, _, _ = _arguments(case)
    return check_scalar(
        expected[0],
        actual[0],
        _tolerance(tolerance, logits),
        why_not_finite="exp overflows, or log meets 0, where log-sum-exp is not used",
    )


def _tolerance(tolerance, logits):
    """atol scaled by the largest |logit|; float32 logits get float32 bounds."""
    scale = max(1.0, float(np.abs(logits).max()))
    if logits.dtype == np.float32:
        n, c = logits.shape
        bound = (FLOAT32_EPSILONS + n + c) * EPS32
        return Tolerance(rtol=max(tolerance.rtol, bound), atol=max(tolerance.atol, bound) * scale)
    return Tolerance(rtol=tolerance.rtol, atol=tolerance.atol * scale)

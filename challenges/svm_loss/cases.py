"""The SVM-loss suite: small and odd shapes (one sample, two classes, one feature), no and strong
regularisation, exact ties at the margin, every margin satisfied, large magnitudes, then a
benchmark where a double Python loop over samples and classes times out.

The checker wants a pair ``(loss, dW)``: the loss a real scalar, ``dW`` a NumPy array of the shape
of ``W``. On small cases it also compares ``dW`` with central finite differences of the loss,
computed here, where no margin is near its kink.
"""

import numpy as np

from judge.challenges import Case
from judge.checking import PASS, Check, as_array, as_parts, check_numeric

#: Finite differences are checked where W has at most this many entries and X this many rows.
FD_MAX_WEIGHTS = 200
FD_MAX_SAMPLES = 200
#: The step of the central difference. The loss is piecewise quadratic in W, so the difference is
#: exact up to rounding (about eps * loss / h) unless a margin crosses 0 within the step: cases
#: with a margin that close to 0 are left to the value check.
FD_STEP = 1e-5
#: How far dW may be from the finite difference, relative to the largest magnitude of either.
FD_SLACK = 1e-6


def examples():
    W = np.array([[0.2, -0.5, 0.1], [1.5, 1.3, -0.4]])
    X = np.array([[1.0, 2.0], [-1.0, 0.5], [0.5, -1.5]])
    y = np.array([0, 2, 1])
    yield Case("example-three-samples", (W, X, y, 0.1))
    yield Case("example-one-sample-no-reg", (W, X[1:2], np.array([1]), 0.0))


def hidden(rng: np.random.Generator):
    def problem(n, d, c, w_scale=0.5, x_scale=1.0):
        W = rng.normal(scale=w_scale, size=(d, c))
        X = rng.normal(scale=x_scale, size=(n, d))
        return W, X, rng.integers(0, c, size=n)

    def reg():
        return float(rng.uniform(0.05, 1.0))

    yield Case("small", (*problem(*(int(v) for v in rng.integers(8, 30, size=3))), reg()))
    yield Case("tiny", (*problem(7, 4, 3), reg()))
    yield Case("batch-of-one", (*problem(1, 12, 6, w_scale=0.1), reg()))
    yield Case("two-classes", (*problem(40, 9, 2), reg()))
    yield Case("one-feature", (*problem(30, 1, 5), reg()))
    yield Case("no-regularisation", (*problem(50, 10, 7), 0.0))
    yield Case("strong-regularisation", (*problem(60, 8, 4, w_scale=0.1), 25.0))
    yield Case("large-magnitudes", (*problem(80, 10, 6, x_scale=1e4), reg()))
    W, X, y = problem(200, 20, 10, w_scale=1e-3)
    yield Case("small-initial-weights", (W, X, y.astype(np.int32), reg()))

    # Small integers: scores are exact in any summation order and many margins are exactly 0,
    # where the statement fixes the subgradient (a margin of 0 is not violated).
    W = rng.integers(-2, 3, size=(6, 5)).astype(np.float64)
    X = rng.integers(-2, 3, size=(60, 6)).astype(np.float64)
    yield Case("exact-ties", (W, X, rng.integers(0, 5, size=60), 0.5))

    # Every margin satisfied: the loss is the regularisation alone.
    c, n = 6, 40
    y = rng.integers(0, c, size=n)
    X = 5.0 * np.eye(c)[y] + rng.uniform(-0.1, 0.1, size=(n, c))
    W = np.eye(c) + rng.uniform(-0.05, 0.05, size=(c, c))
    yield Case("all-margins-satisfied", (W, X, y, reg()))

    # One class only among the labels; several classes never the correct one.
    W, X, _ = problem(45, 7, 8)
    yield Case("one-label-for-all", (W, X, np.full(45, int(rng.integers(0, 8))), reg()))
    yield Case("cifar-like", (*problem(500, 100, 10, w_scale=0.01, x_scale=50.0), reg()))


def benchmark(rng: np.random.Generator):
    n, d, c = 30000, 32, 100
    W = rng.normal(scale=1e-3, size=(d, c))
    X = rng.normal(size=(n, d))
    yield Case("benchmark-30000x32-100-classes", (W, X, rng.integers(0, c, size=n), 0.5))


def check(case, expected, actual, tolerance):
    W, X, y, reg = case.steps[0].args
    want_loss, want_dW = expected[0]
    parts, problem = as_parts(actual[0], ("loss", "dW"))
    if problem:
        return Check(False, problem)
    loss, dW = parts
    if isinstance(loss, np.ndarray) and loss.shape != ():
        return Check(False, f"the loss must be a scalar, got an array of shape {loss.shape}")
    found = check_numeric(want_loss, loss, tolerance)
    if not found.ok:
        return Check(False, f"loss: {found.message}")
    dW, problem = as_array(dW)
    if problem:
        return Check(False, f"dW: {problem}")
    if dW.shape != W.shape:
        return Check(False, f"dW: expected shape {W.shape} (that of W), got {dW.shape}")
    if W.size <= FD_MAX_WEIGHTS and len(X) <= FD_MAX_SAMPLES:
        found = check_finite_differences(W, X, y, reg, dW)
        if not found.ok:
            return found
    found = check_numeric(want_dW, dW, tolerance)
    return PASS if found.ok else Check(False, f"dW: {found.message}")


def margins(W, X, y):
    scores = X @ W
    rows = np.arange(len(X))
    out = scores - scores[rows, y][:, None] + 1.0
    out[rows, y] = -np.inf  # the correct class's own term is not part of the loss
    return out


def loss_of(W, X, y, reg):
    return np.maximum(margins(W, X, y), 0.0).sum() / len(X) + reg * np.sum(W * W)


def check_finite_differences(W, X, y, reg, dW):
    """dW against central differences of the loss, one weight at a time, if no margin is within
    reach of its kink (a step of h in one weight moves a margin by at most 2 h max|X|)."""
    W = np.asarray(W, dtype=np.float64)
    m = margins(W, X, y)
    reach = 4 * FD_STEP * max(1.0, float(np.abs(X).max()))
    if np.any(np.abs(m[np.isfinite(m)]) <= reach):
        return PASS
    numeric = np.empty_like(W)
    for index in np.ndindex(W.shape):
        up, down = W.copy(), W.copy()
        up[index] += FD_STEP
        down[index] -= FD_STEP
        numeric[index] = (loss_of(up, X, y, reg) - loss_of(down, X, y, reg)) / (2 * FD_STEP)
    got = dW.astype(np.float64)
    scale = max(float(np.abs(numeric).max()), 1.0)
    with np.errstate(invalid="ignore", over="ignore"):
        bad = ~(np.abs(got - numeric) <= FD_SLACK * scale)
    if not bad.any():
        return PASS
    where = tuple(int(i) for i in np.unravel_index(int(np.argmax(bad)), W.shape))
    return Check(
        False,
        f"dW: {int(bad.sum())} of {W.size} entries disagree with central finite differences of "
        f"the loss; first at {where}: expected about {numeric[where]:.6g}, got "
        f"{float(got[where]):.6g}",
    )

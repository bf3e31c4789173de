"""The Huber-loss suite: vectors, matrices and 3-D arrays, a single element, the default delta and
deltas from 1e-3 (every residual linear) to 1e3 (every residual quadratic) passed by name,
residuals exactly 0 and exactly +-delta, negative residuals, integer inputs, magnitudes of 1e4,
float32, then a benchmark.

The checker wants a pair ``(loss, grad)``: the loss a real scalar, ``grad`` a floating NumPy array
of pred's shape. On small cases it also compares ``grad`` with central finite differences of the
mean loss, computed here, one element of pred at a time.
"""

import numpy as np

from judge.challenges import Case, call
from judge.checking import PASS, Check, Tolerance, as_array, as_parts, check_numeric, check_scalar

EPS32 = float(np.finfo(np.float32).eps)
EPS64 = float(np.finfo(np.float64).eps)
FLOAT32_EPSILONS = 64
#: Finite differences are checked on float64 and integer cases up to this many elements.
FD_MAX_SIZE = 200
#: The step of the central difference, times max(1, |pred|). The loss is quadratic or linear in
#: each element away from |r| = delta, where the difference is exact up to rounding; elements
#: within two steps of that seam are left to the value check.
FD_STEP = 1e-6
#: How far grad may be from the finite difference, as a share of the largest |grad|, on top of
#: the difference's own rounding error (computed in check_finite_differences).
FD_SLACK = 1e-6


def examples():
    yield Case("example-vector", (np.array([0.5, 2.0, -3.0]), np.array([0.0, 0.0, 0.0])))
    pred = np.array([[1.0, -1.5], [4.0, 0.25]])
    target = np.array([[0.0, 1.0], [1.0, 0.0]])
    yield Case("example-matrix-delta-2", steps=(call(pred, target, delta=2.0),))


def hidden(rng: np.random.Generator):
    def normal(*shape, scale=1.0):
        return rng.normal(scale=scale, size=shape)

    def pair(*shape, scale=2.0):
        target = normal(*shape)
        return target + normal(*shape, scale=scale), target

    def delta():
        return float(rng.uniform(0.3, 3.0))

    n = int(rng.integers(20, 60))
    yield Case("vector-default-delta", pair(n))
    yield Case("matrix-delta-by-name", steps=(call(*pair(n, 7), delta=0.5),))
    shape = tuple(int(v) for v in rng.integers(2, 6, size=3))
    yield Case("three-d", (*pair(*shape), delta()))
    yield Case("column", (*pair(n, 1), delta()))
    # One element in each region: the mean is the term itself, the gradient not divided.
    yield Case("one-element-linear", (np.array([float(rng.uniform(3.0, 6.0))]), np.array([0.0])))
    yield Case(
        "one-element-quadratic", (np.array([[float(rng.uniform(-0.9, -0.1))]]), np.zeros((1, 1)))
    )
    # delta far above every residual: half the mean squared error; far below: delta * MAE - ...
    yield Case("every-residual-quadratic", steps=(call(*pair(n, 3), delta=1e3),))
    yield Case("every-residual-linear", steps=(call(*pair(n, 3), delta=1e-3),))
    # Prediction below the target everywhere: the linear region's gradient is -delta.
    target = normal(n)
    yield Case("all-below-target", (target - rng.uniform(0.1, 4.0, size=n), target, delta()))
    # Residuals exactly 0 and exactly +-delta (binary fractions), among others.
    d = 0.25
    r = rng.choice([0.0, d, -d, 2 * d, -3 * d, 0.125], size=(6, 8))
    r.flat[:3] = [d, -d, 1.0]
    target = np.round(normal(6, 8), 2)
    yield Case("residuals-at-delta", (target + r, target, d))
    # Integers: the result is still a float (an integer array for grad truncates it to 0 and +-1).
    t = rng.integers(-5, 6, size=(5, 9))
    p = t + rng.integers(-3, 4, size=(5, 9))
    p[0, 0] = t[0, 0] + 2
    yield Case("integers", (p, t))
    yield Case("large-magnitudes", (*pair(n, 4, scale=1e4), delta()))
    yield Case("large-offsets", (1e4 + normal(n), 1e4 + normal(n), delta()))
    p, t = pair(n, 5)
    yield Case("float32", (p.astype(np.float32), t.astype(np.float32), delta()))
    yield Case("many-elements", (*pair(40, 125), delta()))


def benchmark(rng: np.random.Generator):
    target = rng.normal(size=(1000, 1000))
    pred = target + rng.normal(scale=2.0, size=(1000, 1000))
    yield Case("benchmark-1000x1000", (pred, target, 1.0))


def _arguments(case):
    step = case.steps[0]
    args = list(step.args) + [value for _, value in step.kwargs]
    pred, target = args[0], args[1]
    delta = float(args[2]) if len(args) > 2 else 1.0
    return pred, target, delta


def check(case, expected, actual, tolerance):
    pred, target, delta = _arguments(case)
    want_loss, want_grad = expected[0]
    parts, problem = as_parts(actual[0], ("loss", "grad"))
    if problem:
        return Check(False, problem)
    loss, grad = parts
    single = np.asarray(pred).dtype == np.float32
    bounds = _tolerance(tolerance, pred.size) if single else tolerance
    found = check_scalar(want_loss, loss, bounds)
    if not found.ok:
        return found
    grad, problem = as_array(grad)
    if problem:
        return Check(False, f"grad: {problem}")
    if grad.shape != pred.shape:
        return Check(False, f"grad: expected shape {pred.shape} (that of pred), got {grad.shape}")
    if grad.dtype.kind != "f":
        return Check(False, f"grad: expected a floating-point array, got dtype {grad.dtype}")
    if not np.isfinite(grad).all():
        return Check(False, "grad: NaN or infinity where the gradient is finite")
    if not single and pred.size <= FD_MAX_SIZE:
        found = check_finite_differences(pred, target, delta, grad)
        if not found.ok:
            return found
    found = check_numeric(want_grad, grad, bounds)
    return PASS if found.ok else Check(False, f"grad: {found.message}")


def _tolerance(tolerance, n):
    """float32 inputs: (64 + n) float32 epsilons, relative (and of the largest |grad|)."""
    bound = (FLOAT32_EPSILONS + n) * EPS32
    return Tolerance(
        rtol=max(tolerance.rtol, bound), atol=max(tolerance.atol, bound), scale_atol=True
    )


def loss_of(pred, target, delta):
    r = pred - np.asarray(target, dtype=np.float64)
    size = np.abs(r)
    return float(np.where(size <= delta, 0.5 * r * r, delta * (size - 0.5 * delta)).mean())


def check_finite_differences(pred, target, delta, grad):
    """grad against central differences of the mean loss, one element of pred at a time, except
    where the step would cross |r| = delta (the seam between the two pieces)."""
    base = np.asarray(pred, dtype=np.float64)
    r = base - np.asarray(target, dtype=np.float64)
    numeric = np.zeros(base.shape)
    checked = np.zeros(base.shape, dtype=bool)
    rounding = 0.0
    for index in np.ndindex(base.shape):
        h = FD_STEP * max(1.0, abs(base[index]))
        if abs(abs(r[index]) - delta) <= 2 * h:
            continue
        up, down = base.copy(), base.copy()
        up[index] += h
        down[index] -= h
        hi, lo = loss_of(up, target, delta), loss_of(down, target, delta)
        numeric[index] = (hi - lo) / (2 * h)
        checked[index] = True
        # Each mean is rounded by about n epsilons of itself: the difference by that over 2 h.
        rounding = max(rounding, 4 * base.size * EPS64 * max(abs(hi), abs(lo)) / (2 * h))
    got = grad.astype(np.float64)
    scale = max(float(np.abs(numeric).max()), float(np.abs(got).max()), 1e-300)
    with np.errstate(invalid="ignore", over="ignore"):
        bad = checked & ~(np.abs(got - numeric) <= FD_SLACK * scale + rounding)
    if not bad.any():
        return PASS
    where = tuple(int(i) for i in np.unravel_index(int(np.argmax(bad)), base.shape))
    return Check(
        False,
        f"grad: {int(bad.sum())} of {base.size} elements disagree with central finite "
        f"differences of the loss; first at {where}: expected about {numeric[where]:.6g}, got "
        f"{float(got[where]):.6g}",
    )

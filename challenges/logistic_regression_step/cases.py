"""The logistic-regression step suite: one sample, one feature, exact zeros in w with the L1
penalty on (the subgradient at 0 is 0), L1 only, L2 only, both, none, a non-zero bias with the
penalties on (the bias is not penalised), one class only, integer and float labels, logits far
past 709 in both directions (exp overflows there), a larger batch; then a benchmark.

The checker wants a pair ``(w, b)``: ``w`` a NumPy array of shape ``(d,)`` and ``b`` a real
scalar, both finite. Each is compared with the reference within ``rtol`` plus an absolute
slack sized to what one step can round, from quantities the checker knows:

- ``w - lr * (X^T (p - y) / n + l1 sign(w) + l2 w)``: every term of the sum is at most
  ``max|X|`` (``|p - y| <= 1``), so a correct float64 step is off by a few epsilons of
  ``S_w = max|w| + lr * (max|X| + l1 + l2 max|w|)`` at most, whatever the summation order and
  whichever stable sigmoid; ``S_w`` times ``atol`` (1e-9) is the slack.
- ``b - lr * mean(p - y)`` likewise, with ``S_b = |b| + lr``.

Two cases have float32 ``w``, ``X`` and ``y``: there a step computed in float32 and one
computed in float64 are both right, each element held to a bound sized from float32's epsilon
(see ``float32_bound``); one of them has logits past 88.7, where exp overflows in float32.

The slack does not shrink with an element that happens to cancel to near 0, and it is about 1e6
times what rounding needs (measured over 30 seeds: the right/ solutions stay within one epsilon
of ``S_w`` and ``S_b``). Every classic mistake moves some element by a sizeable share of
``lr * l1``, ``lr * l2 |w|``, ``lr * l2 |b|`` or ``lr`` times the gradient, far past it.
"""

import dataclasses

import numpy as np

from judge.challenges import Case, call
from judge.checking import PASS, Check, as_array, as_numeric, as_parts, check_numeric


def examples():
    w = np.array([0.5, 0.0, -1.0])
    X = np.array([[1.0, 2.0, 0.5], [-1.0, 0.5, 1.0]])
    y = np.array([1, 0])
    yield Case("example-l1-l2", (w, 0.25, X, y, 0.1, 0.05, 0.1))
    X = np.array([[1600.0, 0.0, 0.0], [-1600.0, 0.0, 0.0]])
    yield Case("example-huge-logits", (w, 0.0, X, np.array([0.0, 0.0]), 0.001))


def hidden(rng: np.random.Generator):
    def problem(n, d, zeros=0, x_scale=1.0, labels_int=True):
        w = rng.normal(size=d)
        if zeros:
            w[rng.choice(d, size=zeros, replace=False)] = 0.0
        X = rng.normal(scale=x_scale, size=(n, d))
        y = rng.integers(0, 2, size=n)
        return w, float(rng.normal()), X, (y if labels_int else y.astype(np.float64))

    def lr():
        return float(rng.uniform(0.05, 0.5))

    def pen():
        return float(rng.uniform(0.05, 0.5))

    yield Case("tiny-l1-l2", (*problem(5, 3, zeros=1), lr(), pen(), pen()))
    yield Case("one-sample", (*problem(1, 4, zeros=1, labels_int=False), lr(), pen(), pen()))
    yield Case("one-feature", (*problem(20, 1), lr(), pen(), pen()))
    w, b, X, y = problem(15, 1)
    yield Case("one-feature-at-zero", (np.zeros(1), b, X, y, lr(), pen()))
    yield Case("one-sample-one-feature", (*problem(1, 1), lr(), 0.0, pen()))
    # The penalties by name, as a caller leaving the other at its default writes them.
    yield Case("zeros-in-w-l1-only", steps=(call(*problem(30, 8, zeros=4), lr(), l1=pen()),))
    yield Case("l2-only", steps=(call(*problem(25, 6, labels_int=False), lr(), l2=pen()),))
    yield Case("no-penalty", (*problem(40, 5), lr()))
    w, _, X, y = problem(30, 6, zeros=2)
    yield Case("large-bias-penalised", (w, float(rng.uniform(3.0, 6.0)), X, y, lr(), pen(), pen()))
    w, b, X, _ = problem(20, 4)
    yield Case("one-class-only", (w, b, X, np.ones(20, dtype=np.int64), lr(), pen(), pen()))
    # Logits of several thousand either way: exp(|z|) overflows past 709. Labels both agree and
    # disagree with the saturated predictions.
    w, b, X, y = problem(24, 5, zeros=1, x_scale=1000.0, labels_int=False)
    yield Case("logits-past-709", (w, b, X, y, lr(), pen(), pen()))
    w, _, X, y = problem(12, 3, x_scale=800.0)
    b = float(rng.choice([-1.0, 1.0])) * 720.0
    yield Case("logits-past-709-int-labels", (w, b, X, y, lr()))
    yield Case("larger", (*problem(400, 30, zeros=5), lr(), pen(), pen()))
    # Float32 w, X and y (b, lr, l1 and l2 stay Python floats): a float32 or a float64 result is
    # right, held to float32_bound. Then float32's own overflow: exp past 88.7 is inf in float32.
    w, _, X, y = problem(20, 5, zeros=2, labels_int=False)
    b = float(rng.choice([-1.0, 1.0]) * rng.uniform(1.0, 3.0))
    w, X, y = (v.astype(np.float32) for v in (w, X, y))
    yield Case("float32-l1-l2", (w, b, X, y, lr(), pen(), pen()))
    w, b, X, y = problem(16, 4, zeros=1, x_scale=150.0, labels_int=False)
    # Two samples along sign(w) with logits of about +-(150 to 300) whatever the draw of w.
    X[0] = float(rng.uniform(150.0, 300.0)) * np.sign(w) / np.sum(np.abs(w))
    X[1] = -float(rng.uniform(150.0, 300.0)) * np.sign(w) / np.sum(np.abs(w))
    w, X, y = (v.astype(np.float32) for v in (w, X, y))
    yield Case("float32-logits-past-88", (w, b, X, y, lr(), pen(), pen()))


def benchmark(rng: np.random.Generator):
    n, d = 50000, 40
    X = rng.normal(size=(n, d))
    w = rng.normal(size=d)
    y = (X @ w + rng.normal(size=n) > 0).astype(np.int64)
    yield Case("benchmark-50000x40", (0.1 * w, 0.5, X, y, 0.1, 0.01, 0.01))


def float32_bound(w, b, X, lr, l1, l2):
    """Bounds on the error of a step computed in float32 from float32 ``w``, ``X`` and ``y``
    (``b``, ``lr``, ``l1`` and ``l2`` rounded to float32): one for every element of the new ``w``,
    one for the new ``b``. The reference's float64 step is exact to ~1e-16 beside them.

    With ``u = eps32 / 2`` and ``gamma_m = m u / (1 - m u)`` (Higham, Accuracy and Stability of
    Numerical Algorithms, 3.1 and 3.5):

    - the logit ``z_i = X_i w + b`` (``d + 1`` terms) is off by at most
      ``dz_i = gamma_{d+1} Z_i``, ``Z_i = |X_i| |w| + |b|``;
    - the sigmoid moves that by at most its largest slope within ``dz_i`` of ``z_i``,
      ``sigma'(max(0, |z_i| - dz_i))`` (at most 1/4, tiny where the logit is saturated), and its
      own evaluation (exp or tanh, a sum, a division) and ``p - y`` add a few ``u`` at most, as
      ``p`` and ``|p - y|`` are at most 1: ``dp_i = dz_i sigma'(...) + 6 u``;
    - ``X^T (p - y) / n`` is then off by ``(|X|^T dp) / n`` plus the sum's own rounding,
      ``gamma_{n+1} max|X|`` (every ``|p - y| <= 1``);
    - the penalties, the product with ``lr`` and the subtraction round by ``gamma_4`` of the
      step's scale ``S_w = max|w| + lr (max|X| + l1 + l2 max|w|)`` (``S_b = |b| + lr``).

    The sum, doubled (second-order terms, the (1 + gamma) factors left out), is the bound.
    Measured over 100 seeds: the right/ solutions (tanh_sigmoid.py and logaddexp.py float32
    throughout) stay below 10% of it; the wrong formulas (the bias penalised, the L2 gradient
    doubled, sign(0) = 1, the sum for the mean) are 1000 times past it or more on
    "float32-l1-l2", and the overflowing sigmoid gives NaN on "float32-logits-past-88".
    """
    w, X = (np.asarray(v, dtype=np.float64) for v in (w, X))
    n, d = X.shape
    u = float(np.finfo(np.float32).eps) / 2

    def gamma(m):
        return m * u / (1 - m * u)

    z = X @ w + b
    dz = gamma(d + 1) * (np.abs(X) @ np.abs(w) + abs(b))
    t = np.maximum(np.abs(z) - dz, 0.0)
    slope = np.exp(-t) / (1.0 + np.exp(-t)) ** 2  # sigma'(t), t >= 0: no overflow
    dp = dz * slope + 6 * u
    data = float(np.max(np.abs(X).T @ dp)) / n + gamma(n + 1) * float(np.max(np.abs(X)))
    w_max = float(np.max(np.abs(w)))
    scale_w = w_max + lr * (float(np.max(np.abs(X))) + l1 + l2 * w_max)
    bound_w = lr * data + gamma(4) * scale_w
    bound_b = lr * (float(np.mean(dp)) + gamma(n + 1)) + gamma(4) * (abs(b) + lr)
    return 2.0 * bound_w, 2.0 * bound_b


def low_precision(X):
    """Whether the inputs are floats less precise than float64 (the float32 cases)."""
    dtype = np.asarray(X).dtype
    return dtype.kind == "f" and np.finfo(dtype).eps > np.finfo(np.float64).eps


def check(case, expected, actual, tolerance):
    args, by_name = case.steps[0].args, dict(case.steps[0].kwargs)
    w_in, b_in, X, _, lr = args[:5]
    l1, l2 = (*args[5:], by_name.get("l1", 0.0), by_name.get("l2", 0.0))[:2]
    d = np.asarray(w_in).shape[0]
    want_w, want_b = expected[0]
    parts, problem = as_parts(actual[0], ("w", "b"))
    if problem:
        return Check(False, problem)
    w, b = parts
    w, problem = as_array(w)
    if problem:
        return Check(False, f"w: {problem}")
    if w.shape != (d,):
        return Check(False, f"w: expected shape ({d},) (that of the input w), got {w.shape}")
    if isinstance(b, np.ndarray) and b.shape != ():
        return Check(False, f"b must be a scalar, got an array of shape {b.shape}")
    b_arr, problem = as_numeric(b)
    if problem:
        return Check(False, f"b: {problem}")
    for name, value in (("w", w), ("b", b_arr)):
        if value.dtype.kind in "fc" and not np.isfinite(value).all():
            bad = int(np.sum(~np.isfinite(value)))
            return Check(False, f"{name}: {bad} of {value.size} values are NaN or infinite")
    if low_precision(X):
        # Float32 inputs: either result dtype, each element within float32_bound.
        slack_w, slack_b = float32_bound(w_in, float(b_in), X, lr, l1, l2)
    else:
        w_max = float(np.max(np.abs(w_in)))
        slack_w = tolerance.atol * (w_max + lr * (float(np.max(np.abs(X))) + l1 + l2 * w_max))
        slack_b = tolerance.atol * (abs(float(b_in)) + lr)
    for name, want, value, slack in (("w", want_w, w, slack_w), ("b", want_b, b, slack_b)):
        bound = dataclasses.replace(tolerance, atol=slack, scale_atol=False)
        found = check_numeric(want, value, bound)
        if not found.ok:
            return Check(False, f"{name}: {found.message}")
    return PASS

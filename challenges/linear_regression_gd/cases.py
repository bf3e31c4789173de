"""The linear-regression gradient-descent suite: a handful of iterations (1, 2, 3, 5, ...) where
an update-order, factor or off-by-one mistake has not yet been hidden by convergence, one or two
cases run to convergence, one sample, one feature, a constant column, targets far from zero (the
bias matters), integer inputs; then a benchmark where a Python loop over the
samples inside the loop over the iterations times out.

Learning rates are drawn as a share ``c`` in [0.3, 1] of ``1 / L``, ``L`` the largest eigenvalue
of the loss's Hessian ``[X 1]^T [X 1] / n``: gradient descent is then stable (every mode of the
error contracts or, at worst, keeps its size), so rounding errors only add up, one step at a time,
and two correct solutions stay within the tolerance of each other (see challenge.toml).

The checker wants a pair ``(w, b)``: ``w`` a NumPy array of shape ``(d,)``, ``b`` a real scalar.
Two cases have float32 inputs: there a result computed in float32 and one computed in float64 are
both right, each element held to a bound sized from float32's epsilon and the steps taken (see
``float32_bound``); the float64 cases keep the tolerance of challenge.toml.
"""

import dataclasses

import numpy as np

from judge.challenges import Case
from judge.checking import PASS, Check, as_array, as_parts, check_numeric


def examples():
    X = np.array([[1.0, 2.0], [2.0, 0.0], [3.0, 1.0]])
    y = np.array([3.0, 2.0, 5.0])
    yield Case("example-one-step", (X, y, 0.1, 1))
    yield Case("example-three-steps", (X, y, 0.1, 3))


def stable_lr(X, share):
    """``share / L``: L the largest eigenvalue of the Hessian of the loss in (w, b)."""
    A = np.hstack([np.asarray(X, dtype=np.float64), np.ones((len(X), 1))])
    L = float(np.linalg.eigvalsh(A.T @ A / len(X)).max())
    return float(share / L)


def hidden(rng: np.random.Generator):
    def problem(n, d, offset=0.0, noise=0.1, x_scale=1.0, x_shift=0.0):
        X = rng.normal(loc=x_shift, scale=x_scale, size=(n, d))
        w = rng.normal(size=d)
        b = float(rng.normal()) + offset
        y = X @ w + b + noise * rng.normal(size=n)
        return X, y

    def lr(X):
        return stable_lr(X, float(rng.uniform(0.3, 1.0)))

    X, y = problem(6, 3, offset=2.0)
    yield Case("one-step", (X, y, lr(X), 1))
    X, y = problem(9, 4, offset=-3.0)
    yield Case("two-steps", (X, y, lr(X), 2))
    X, y = problem(25, 5, offset=1.5, x_shift=0.5)
    yield Case("three-steps", (X, y, lr(X), 3))
    X, y = problem(1, 4, offset=1.0)
    yield Case("one-sample", (X, y, lr(X), 7))
    X, y = problem(30, 1, offset=4.0, x_shift=1.0)
    yield Case("one-feature", (X, y, lr(X), 5))
    X, y = problem(1, 1, offset=-2.0)
    yield Case("one-sample-one-feature", (X, y, lr(X), 4))
    X, y = problem(40, 6, offset=10.0)
    yield Case("targets-far-from-zero", (X, y, lr(X), 10))
    # A constant column duplicates the bias: the Hessian is singular, gradient descent still
    # well defined.
    X, y = problem(50, 4, offset=1.0)
    X[:, int(rng.integers(0, 4))] = float(rng.uniform(0.5, 2.0))
    yield Case("constant-column", (X, y, lr(X), 25))
    # Integer inputs (counts and integer targets).
    X = rng.integers(0, 6, size=(20, 3))
    y = X @ rng.integers(-2, 3, size=3) + int(rng.integers(1, 5))
    yield Case("integer-inputs", (X, y, lr(X), 6))
    X, y = problem(200, 10, offset=-1.0, x_scale=3.0)
    yield Case("larger-few-steps", (X, y, lr(X), 12))
    X, y = problem(300, 8, offset=2.0)
    yield Case("many-steps", (X, y, lr(X), 400))
    X, y = problem(60, 3, offset=0.5, x_scale=0.01)
    yield Case("small-features", (X, y, lr(X), 8))
    # Float32 inputs (lr stays a Python float): a float32 or a float64 result is right, held to
    # the float32 bound below. Few steps, so the bound (which grows with them) stays tight.
    X, y = (v.astype(np.float32) for v in problem(30, 4, offset=3.0, x_shift=0.5))
    yield Case("float32-inputs", (X, y, lr(X), 6))
    X, y = (v.astype(np.float32) for v in problem(1, 3, offset=-2.0))
    yield Case("float32-one-sample", (X, y, lr(X), 3))


def benchmark(rng: np.random.Generator):
    n, d = 5000, 20
    X = rng.normal(size=(n, d))
    y = X @ rng.normal(size=d) + 1.0 + 0.1 * rng.normal(size=n)
    yield Case("benchmark-5000x20-300-steps", (X, y, stable_lr(X, 0.9), 300))


def float32_bound(X, y, lr, n_iters):
    """A bound on ``||(w, b) - (w*, b*)||_2`` for ``(w, b)`` computed in float32 from float32
    inputs and ``(w*, b*)`` the exact iterate (the float64 reference's, to 1e-16).

    With ``A = [X 1]`` and ``theta = (w, b)``, one float32 step rounds to
    ``theta - lr A^T (A theta - y) / n + delta_k`` with, elementwise (dot products of ``d + 2``
    and then ``n`` terms, the division, lr rounded to float32, the product and the subtraction;
    Higham, Accuracy and Stability of Numerical Algorithms, 3.1 and 3.5),

        |delta_k| <= gamma_m (|theta_k| + lr |A|^T (|A| |theta_k| + |y|) / n),   m = n + d + 6

    (gamma_m = m u / (1 - m u), u = eps32 / 2). The error then evolves as
    ``e_{k+1} = (I - lr H) e_k + delta_k`` with ``H = A^T A / n``: the hidden learning rates are at
    most 1 / L (L the largest eigenvalue of H), so ``I - lr H`` has eigenvalues in [0, 1] and
    never grows an error in the 2-norm, and ``||e_N|| <= sum_k ||delta_k||``. The sum is taken
    along the exact iterates, which the float32 ones follow to within the bound itself; the
    factor 2 covers that and the (1 + gamma) factors the first-order terms leave out. Measured
    over 100 seeds: right/input_dtype.py (float32 throughout) stays below 2.1% of the bound, the
    float64 solutions below 1e-11 of it; on "float32-inputs" every classic mistake (one step too
    many or too few, a factor 2 or n in the step, the bias left at 0, the sequential update) is
    off by 60 times the bound or more. (On "float32-one-sample" the sum is the mean, and a step
    of share ~1 of 1 / L already interpolates the one sample, so the off-by-one mistakes can
    come close to the bound there; the other case catches them.)
    """
    A = np.hstack([np.asarray(X, dtype=np.float64), np.ones((len(X), 1))])
    y = np.asarray(y, dtype=np.float64)
    n, m = A.shape[0], A.shape[0] + A.shape[1] + 5
    u = float(np.finfo(np.float32).eps) / 2
    gamma = m * u / (1 - m * u)
    theta, total = np.zeros(A.shape[1]), 0.0
    for _ in range(n_iters):
        local = np.abs(theta) + lr * np.abs(A).T @ (np.abs(A) @ np.abs(theta) + np.abs(y)) / n
        total += gamma * float(np.linalg.norm(local))
        theta = theta - lr * A.T @ (A @ theta - y) / n
    return 2.0 * total


def low_precision(X):
    """Whether the inputs are floats less precise than float64 (the float32 cases)."""
    dtype = np.asarray(X).dtype
    return dtype.kind == "f" and np.finfo(dtype).eps > np.finfo(np.float64).eps


def check(case, expected, actual, tolerance):
    X, y, lr, n_iters = case.steps[0].args
    d = np.asarray(X).shape[1]
    if low_precision(X):
        # Float32 inputs: either result dtype, each element within the float32 bound (a bound on
        # the 2-norm of the whole error bounds every element); rtol as for float64.
        tolerance = dataclasses.replace(
            tolerance, atol=float32_bound(X, y, lr, n_iters), scale_atol=False
        )
    want_w, want_b = expected[0]
    parts, problem = as_parts(actual[0], ("w", "b"))
    if problem:
        return Check(False, problem)
    w, b = parts
    w, problem = as_array(w)
    if problem:
        return Check(False, f"w: {problem}")
    if w.shape != (d,):
        return Check(False, f"w: expected shape ({d},) (one weight per feature), got {w.shape}")
    found = check_numeric(want_w, w, tolerance)
    if not found.ok:
        return Check(False, f"w: {found.message}")
    if isinstance(b, np.ndarray) and b.shape != ():
        return Check(False, f"b must be a scalar, got an array of shape {b.shape}")
    found = check_numeric(want_b, b, tolerance)
    return PASS if found.ok else Check(False, f"b: {found.message}")

"""The ridge-regression suite: tall, square and wide X (more features than samples: X^T X is
singular and only lam makes the system solvable), one sample, one feature, duplicated and
constant columns, features far from centred (an intercept shows), lam from 0 (full column rank)
to dominating, integer inputs, and ill-conditioned systems (polynomial features, a spectrum
spread over ten orders of magnitude) with a small lam; then a benchmark where Python loops over
the entries of X^T X time out.

The answer is checked by what defines it, the normal equations, not against one computed
solution: the checker computes the residual ``r = X^T (X w - y) + lam w`` in extended precision
(``np.longdouble``) and requires

    ||r|| <= K * eps * ((||X||_F^2 + lam d) ||w|| + ||X||_F ||y||),   K = 4 (n + d^2) + 32

(2-norms of vectors, eps the float64 epsilon). Why that bound, and that K: a float64 solution
forms ``G = X^T X`` and ``b = X^T y`` with componentwise errors of at most ``gamma_n |X|^T |X|``
and ``gamma_n |X|^T |y|`` (gamma_n ~ n eps; Higham, Accuracy and Stability of Numerical
Algorithms, 3.5), whose norms are at most ``n eps ||X||_F^2`` and ``n eps ||X||_F ||y||``; a
backward-stable solver then returns the exact solution of ``(G + lam I + E) w = b`` with
``||E|| <= c d^2 eps ||G + lam I||`` at worst (Cholesky: ``|E| <= gamma_{d+1} |R^T| |R|``,
Higham 10.4; LU with partial pivoting on a symmetric positive definite matrix likewise; QR or
the SVD of the augmented least-squares problem ``[X; sqrt(lam) I] w ~ [y; 0]``: a backward
error of that order in the augmented matrix, whose squared norm is ``||X||_F^2 + lam d``, an
upper bound of ``||X^T X + lam I||_F`` too). Adding these up gives the bound with K ~ n + d^2;
the factor 4 covers the small constants and the conversions between norms, and the 32 the
handful of roundings (products, a sum, a square root, a division) that every formula takes even
on a 1 x 1 problem, where n + d^2 is 2. The checker's own rounding, in extended precision, is
negligible (where ``np.longdouble`` is float64 it stays within n + d epsilons, inside K too).
Worst-case errors partly cancel in practice: measured over these cases (100 seeds),
np.linalg.solve, Cholesky, lstsq on the augmented system and the SVD formula stay below 15% of
K everywhere, mostly below 1%.

Float32 inputs (two hidden cases, X and y float32, lam a Python float): a solution may compute
in float32 throughout (``np.linalg.solve`` on float32 arrays stays float32) or cast to float64
first; both are right. The same analysis holds with float32's epsilon in place of float64's (the
Gram matrix, the solve and the rounding of w to float32 are all float32 roundings; lam rounded to
float32 moves the residual by at most eps32 lam ||w||, inside the lam d ||w|| term), so there
``eps`` is float32's (1.2e-7); a float64 computation from the same float32 data is far inside it.
Measured over 100 seeds: float32 solutions (np.linalg.solve and the SVD formula in float32) stay
below 0.2% of K there; lam halved, times n, added everywhere or ignored are 60 times past it or
more (their residual is a share of lam ||w||, with lam at least a tenth of the mean eigenvalue
of X^T X), the intercept 300 times on the tall case (on the wide one it can come close).

Forming the inverse is not backward stable: ``inv(A) @ b`` leaves a residual of about
``eps * cond(A) * ||b||``; on the two ill-conditioned cases (cond(A) about 1e11) that is, at the
least over 100 seeds, 70 and 2000 times the bound, so the wrong/ solution ``inverse.py`` fails
there honestly, though it passes the well-conditioned cases. The classic wrong formulas
(lam / 2, lam * n, lam added to every entry, an intercept, lam ignored) leave a residual of the
order of lam ||w|| or more, orders of magnitude past the bound on every case where lam is not
tiny.
"""

import numpy as np

from judge.challenges import Case
from judge.checking import PASS, Check, as_array

#: How many epsilons of the problem's scale the residual may be, per (n + d^2); see above.
RESIDUAL_FACTOR = 4.0
#: Epsilons allowed on top, for the few roundings each formula takes on even a 1 x 1 problem.
RESIDUAL_FLOOR = 32.0
EPS = float(np.finfo(np.float64).eps)


def examples():
    X = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    y = np.array([1.0, 2.0, 3.0])
    yield Case("example-tall", (X, y, 0.1))
    yield Case("example-one-sample", (np.array([[1.0, 2.0, 2.0]]), np.array([3.0]), 1.0))


def hidden(rng: np.random.Generator):
    def problem(n, d, x_shift=0.0, noise=0.1, y_shift=0.0):
        X = rng.normal(loc=x_shift, size=(n, d))
        y = X @ rng.normal(size=d) + y_shift + noise * rng.normal(size=n)
        return X, y

    def lam(X, low=-3.0, high=1.0):
        """lam as a share 10**u of ||X||_F^2 / d, the mean eigenvalue of X^T X."""
        return float(10 ** rng.uniform(low, high) * np.sum(np.square(X)) / X.shape[1])

    X, y = problem(30, 5, x_shift=1.0)
    yield Case("tall", (X, y, lam(X)))
    X, y = problem(8, 20)
    yield Case("wide", (X, y, lam(X)))
    X, y = problem(12, 12, y_shift=2.0)
    yield Case("square", (X, y, lam(X)))
    X, y = problem(1, 6, x_shift=0.5)
    yield Case("one-sample", (X, y, lam(X)))
    X, y = problem(40, 1, x_shift=2.0, y_shift=-3.0)
    yield Case("one-feature", (X, y, lam(X)))
    X, y = problem(1, 1)
    yield Case("one-sample-one-feature", (X, y, lam(X)))
    X, y = problem(50, 6, x_shift=3.0, y_shift=5.0)
    yield Case("uncentred-features", (X, y, lam(X, -2.0, 0.0)))
    X, y = problem(60, 8)
    X[:, 3] = X[:, 1]  # a duplicated feature: X^T X is singular
    X[:, 5] = float(rng.uniform(1.0, 3.0))  # and a constant one
    yield Case("duplicate-and-constant-columns", (X, y, lam(X)))
    X, y = problem(80, 6, x_shift=1.0)
    yield Case("no-regularisation", (X, y, 0.0))
    X, y = problem(25, 4)
    yield Case("strong-regularisation", (X, y, lam(X, 3.0, 4.0)))
    X = rng.integers(-3, 4, size=(20, 4))
    y = rng.integers(-5, 6, size=20)
    yield Case("integer-inputs", (X, y, float(rng.integers(1, 5))))

    # Ill-conditioned: polynomial features t, t^2, ..., t^12 of t in [0, 1] (cond(X^T X) past
    # 1e16) with a lam of 1e-11 to 1e-10 of ||X||_F^2, so cond(X^T X + lam I) is about 1e11.
    t = np.sort(rng.uniform(0.0, 1.0, size=60))
    X = t[:, None] ** np.arange(1, 13)
    y = np.sin(3.0 * t) + 0.01 * rng.normal(size=60)
    yield Case("polynomial-features", (X, y, float(10 ** rng.uniform(-11, -10) * np.sum(X * X))))
    # A spectrum spread evenly over 1e3 .. 1e-7 and lam = 1e-10 of the largest eigenvalue.
    n, d = 100, 20
    U, _ = np.linalg.qr(rng.normal(size=(n, d)))
    V, _ = np.linalg.qr(rng.normal(size=(d, d)))
    s = np.logspace(3, -7, d)
    X = (U * s) @ V.T
    y = X @ rng.normal(size=d) + 1e-3 * rng.normal(size=n)
    yield Case("spread-spectrum", (X, y, 1e-10 * s[0] ** 2))
    X, y = problem(400, 40, x_shift=0.5)
    yield Case("larger", (X, y, lam(X)))
    # Float32 X and y (lam stays a Python float): a float32 or a float64 w is right, held to the
    # same bound in float32's epsilon. lam from 0.1 to 10 times the mean eigenvalue of X^T X, so
    # that the wrong scalings of lam stay far past that coarser bound.
    X, y = (v.astype(np.float32) for v in problem(40, 5, x_shift=1.0, y_shift=2.0))
    yield Case("float32-tall", (X, y, lam(X, -1.0, 1.0)))
    X, y = (v.astype(np.float32) for v in problem(6, 10))
    yield Case("float32-wide", (X, y, lam(X, -1.0, 1.0)))


def benchmark(rng: np.random.Generator):
    n, d = 5000, 100
    X = rng.normal(size=(n, d))
    y = X @ rng.normal(size=d) + 0.1 * rng.normal(size=n)
    yield Case("benchmark-5000x100", (X, y, 10.0))


def input_eps(X, y):
    """The epsilon of the inputs' precision: float32's where X or y is float32 (a solution may
    then compute in float32 throughout), else float64's (integers are solved in float64)."""
    dtypes = [np.asarray(v).dtype for v in (X, y)]
    return max(float(np.finfo(t).eps) if t.kind == "f" else EPS for t in dtypes)


def residual_ratio(X, y, lam, w):
    """||X^T (X w - y) + lam w||, in extended precision, over the rounding bound without K (in
    the epsilon of the inputs' precision)."""
    Xl, yl, wl = (np.asarray(v).astype(np.longdouble) for v in (X, y, w))
    r = Xl.T @ (Xl @ wl - yl) + np.longdouble(lam) * wl
    residual = float(np.sqrt(np.sum(r * r)))
    X64, y64, w64 = (np.asarray(v, dtype=np.float64) for v in (X, y, w))
    norm_X = float(np.linalg.norm(X64))
    norm_A = norm_X**2 + lam * X64.shape[1]
    scale = norm_A * float(np.linalg.norm(w64)) + norm_X * float(np.linalg.norm(y64))
    scale *= input_eps(X, y)
    if scale == 0.0:
        return 0.0 if residual == 0.0 else np.inf
    return residual / scale


def check(case, expected, actual, tolerance):
    X, y, lam = case.steps[0].args
    n, d = np.asarray(X).shape
    w, problem = as_array(actual[0])
    if problem:
        return Check(False, problem)
    if w.shape != (d,):
        return Check(False, f"expected shape ({d},) (one weight per feature), got {w.shape}")
    if w.dtype.kind != "f":
        return Check(False, f"expected a floating-point array, got dtype {w.dtype}")
    if not np.isfinite(w).all():
        return Check(False, f"{int(np.sum(~np.isfinite(w)))} of {d} weights are NaN or infinite")
    allowed = RESIDUAL_FACTOR * (n + d * d) + RESIDUAL_FLOOR
    ratio = residual_ratio(X, y, lam, w)
    if ratio <= allowed:
        return PASS
    return Check(
        False,
        "w does not solve (X.T @ X + lam * I) w = X.T @ y: the residual is "
        f"{ratio:.3g} epsilons of the problem's scale, more than the {allowed:g} that rounding "
        f"in a stable solver allows (in {'float32' if input_eps(X, y) > EPS else 'float64'})",
    )

"""The layer-norm-backward suite: every leading shape (a vector, one row, 3-D with a square tail,
4-D, a last axis of length 1), rows where the mistakes show (offset by 1e4, scaled by 1e4, of
variance far below eps, constant), zeros in gamma, a non-default eps and eps = 0, float32, wide
rows and many rows, then a benchmark of a million elements.

The checker wants a tuple ``(dx, dgamma, dbeta)`` of NumPy arrays of the shapes of ``x``,
``gamma`` and ``gamma``. On small, well-scaled float64 cases it first compares each part with
central finite differences of ``L = sum(grad_out * layer_norm(x, gamma, beta))``, computed here,
then every case with the reference.
"""

import numpy as np

from judge.challenges import Case
from judge.checking import PASS, Check, as_array, as_parts, check_numeric

PARTS = ("dx", "dgamma", "dbeta")
#: Finite differences are checked on float64 cases of at most this many elements, with every
#: row's standard deviation at least FD_MIN_STD and |x| at most FD_MAX_X (where L is smooth on
#: the scale of the step).
FD_MAX_SIZE = 400
FD_MIN_STD = 0.1
FD_MAX_X = 100.0
#: The step for x. A step in x[i, j] moves row i's loss only, so the difference is taken on that
#: row: truncation about FD_STEP**2 / std**3 (below 1e-8) and rounding about
#: eps * |row loss| / FD_STEP (below 1e-9).
FD_STEP = 1e-5
#: L is linear in gamma and beta: a larger step, with no truncation error.
FD_STEP_LINEAR = 1e-2
#: How far a part may be from its finite differences, as a share of their largest magnitude
#: (at least 1e-3): far above their error, far below any mistake (O(1) of that scale).
FD_SLACK = 1e-5


def examples():
    x = np.array([[1.0, 2.0, 3.0], [-1.0, 0.0, 4.0]])
    gamma = np.array([1.0, 2.0, 0.5])
    grad_out = np.array([[1.0, 0.0, -1.0], [0.5, 1.0, 2.0]])
    yield Case("example-two-rows", (x, gamma, grad_out))
    yield Case("example-vector", (np.array([2.0, 4.0, 6.0, 8.0]), np.ones(4), np.eye(4)[0]))


def hidden(rng: np.random.Generator):
    def normal(*shape, scale=1.0, loc=0.0):
        return rng.normal(loc=loc, scale=scale, size=shape)

    def case(name, x, eps=None, dtype=np.float64, gamma_zeros=False):
        d = x.shape[-1]
        gamma = rng.uniform(0.5, 2.0, d) * rng.choice([-1, 1], d)
        if gamma_zeros:
            gamma[rng.permutation(d)[: d // 3]] = 0.0
        grad_out = normal(*x.shape)
        args = (x.astype(dtype), gamma.astype(dtype), grad_out.astype(dtype))
        return Case(name, args if eps is None else (*args, eps))

    yield case("batch", normal(int(rng.integers(5, 12)), int(rng.integers(4, 16))))
    yield case("one-row", normal(1, 20))
    yield case("vector", normal(int(rng.integers(6, 24))))
    # A square tail: a mean over axis -1 without keepdims broadcasts here, to the wrong values.
    yield case("three-dims-square-tail", normal(2, 6, 6))
    yield case("three-dims", normal(3, 4, 7))
    yield case("four-dims", normal(2, 3, 2, 5))
    yield case("last-axis-one", normal(6, 1))  # x_hat is 0: dx and dgamma are 0
    yield case("offset-1e4", normal(6, 40, loc=1e4))
    yield case("scaled-1e4", normal(5, 30, scale=1e4))
    # Variance 1e-6, below eps: sqrt(var + eps) and sqrt(var) + eps differ by a factor of 3.
    yield case("tiny-variance", normal(6, 16, scale=1e-3, loc=float(rng.uniform(-2, 2))))
    constant = normal(6, 12)
    constant[::2] = rng.normal(size=(3, 1))  # every other row constant: x_hat is 0 there
    yield case("constant-rows", constant)
    yield case("gamma-zeros", normal(8, 9), gamma_zeros=True)
    yield case("eps-0.1", normal(4, 8, scale=0.5), eps=0.1)
    yield case("eps-zero", normal(3, 9), eps=0.0)
    yield case("float32", normal(16, 64), dtype=np.float32)
    yield case("wide-rows", normal(3, 1000))
    yield case("many-rows", normal(300, 32))


def benchmark(rng: np.random.Generator):
    x = rng.normal(size=(32, 128, 256))
    gamma = rng.uniform(0.5, 2.0, 256)
    yield Case("benchmark-32x128x256", (x, gamma, rng.normal(size=(32, 128, 256))))


def check(case, expected, actual, tolerance):
    x, gamma, grad_out, *rest = case.steps[0].args
    eps = rest[0] if rest else 1e-5
    parts, problem = as_parts(actual[0], PARTS)
    if problem:
        return Check(False, problem)
    got = []
    for name, part, want, like in zip(
        PARTS, parts, expected[0], ("x", "gamma", "gamma"), strict=True
    ):
        array, problem = as_array(part)
        if problem:
            return Check(False, f"{name}: {problem}")
        want = np.asarray(want)
        if array.shape != want.shape:
            wanted = f"expected shape {want.shape} (that of {like})"
            return Check(False, f"{name}: {wanted}, got {array.shape}")
        if array.dtype.kind != "f":
            return Check(False, f"{name}: expected a floating-point array, got dtype {array.dtype}")
        if array.dtype.itemsize < want.dtype.itemsize:
            return Check(False, f"{name}: expected a {want.dtype} result, got {array.dtype}")
        got.append(array)
    if fd_applies(x, eps):
        numeric = finite_differences(x, gamma, grad_out, eps)
        for name, array, want in zip(PARTS, got, numeric, strict=True):
            found = check_finite_differences(name, array, want)
            if not found.ok:
                return found
    for name, array, want in zip(PARTS, got, expected[0], strict=True):
        found = check_numeric(want, array, tolerance)
        if not found.ok:
            return Check(False, f"{name}: {found.message}")
    return PASS


def fd_applies(x, eps):
    x = np.asarray(x)
    if x.dtype != np.float64 or x.size > FD_MAX_SIZE or x.shape[-1] < 2:
        return False
    std = np.sqrt(x.var(axis=-1) + eps)
    return bool(std.min() >= FD_MIN_STD and np.abs(x).max() <= FD_MAX_X)


def normalise(rows, eps):
    centred = rows - rows.mean(axis=-1, keepdims=True)
    return centred / np.sqrt((centred * centred).mean(axis=-1, keepdims=True) + eps)


def finite_differences(x, gamma, grad_out, eps):
    """Central differences of L = sum(grad_out * (normalise(x) * gamma + beta)): for x one row
    at a time (an entry moves its own row only), for gamma and beta on the whole sum (at
    beta = 0: L is linear in beta)."""
    d = np.shape(x)[-1]
    rows = np.array(x, dtype=np.float64).reshape(-1, d)
    g = np.asarray(grad_out, dtype=np.float64).reshape(-1, d)
    gamma = np.array(gamma, dtype=np.float64)

    def row_loss(row, i):
        return float(np.sum(g[i] * normalise(row, eps) * gamma))

    dx = np.empty_like(rows)
    for i, j in np.ndindex(rows.shape):
        row = rows[i].copy()
        row[j] = rows[i, j] + FD_STEP
        above = row_loss(row, i)
        row[j] = rows[i, j] - FD_STEP
        below = row_loss(row, i)
        dx[i, j] = (above - below) / (2 * FD_STEP)
    xhat = normalise(rows, eps)
    dgamma, dbeta = np.empty(d), np.empty(d)
    for j in range(d):
        step = np.zeros(d)
        step[j] = FD_STEP_LINEAR
        above = np.sum(g * xhat * (gamma + step))
        below = np.sum(g * xhat * (gamma - step))
        dgamma[j] = (above - below) / (2 * FD_STEP_LINEAR)
        # beta only adds sum(g * beta): around beta = 0.
        dbeta[j] = (np.sum(g * step) - np.sum(g * -step)) / (2 * FD_STEP_LINEAR)
    return dx.reshape(np.shape(x)), dgamma, dbeta


def check_finite_differences(name, got, numeric):
    scale = max(float(np.abs(numeric).max()), 1e-3)
    with np.errstate(invalid="ignore", over="ignore"):
        bad = ~(np.abs(got.astype(np.float64) - numeric) <= FD_SLACK * scale)
    if not bad.any():
        return PASS
    where = tuple(int(i) for i in np.unravel_index(int(np.argmax(bad)), numeric.shape))
    return Check(
        False,
        f"{name}: {int(bad.sum())} of {numeric.size} entries disagree with central finite "
        f"differences of sum(grad_out * layer_norm(x, gamma, beta)); first at {where}: expected "
        f"about {numeric[where]:.6g}, got {float(got[where]):.6g}",
    )

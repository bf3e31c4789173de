"""The batch-normalisation backward suite: batches of one and two rows, one feature, negative and
zero scales, a gradient constant down each column (dx is then exactly 0), constant features and
features whose variance is far below eps, an eps passed by name, features of mean 1e4 and spread
1e-2 (a one-pass variance loses its digits there), 1e4 magnitudes, a thousand rows, float32;
then a benchmark.

The checker wants a tuple ``(dx, dgamma, dbeta)`` of NumPy arrays of the shapes of ``x``,
``gamma`` and ``gamma``. Each part is compared with the reference within ``rtol`` of the value
plus ``atol`` times that part's natural scale (see ``scales``), which stays meaningful where
the exact gradient cancels to 0; on the small well-scaled cases each part is first compared
with central finite differences of ``sum(grad_out * batchnorm(x))``, computed here.
"""

import dataclasses

import numpy as np

from judge.challenges import Case, call
from judge.checking import PASS, Check, as_array, as_parts, check_numeric

PARTS = ("dx", "dgamma", "dbeta")
#: The cases compared with finite differences: small, with means of order 1.
FINITE_DIFFERENCES = {
    "example-4x2",
    "small",
    "batch-of-two",
    "one-row",
    "one-feature",
    "negative-and-zero-gamma",
    "constant-gradient-columns",
    "constant-and-sub-eps-features",
    "eps-by-name",
}
#: The step for x[i, j], relative to sqrt(var_j + eps): the truncation error of the central
#: difference is about (step)^2 of the gradient's scale (1e-10), the rounding error about
#: 1e-16 * N * D / FD_STEP of it (below 1e-8 for the cases above); the loss is linear in gamma
#: and beta, whose differences are exact up to rounding.
FD_STEP = 1e-5
#: How far a part may be from its finite differences, as a share of that part's natural scale.
FD_SLACK = 1e-6


def examples():
    x = np.array([[1.0, 2.0], [3.0, 6.0], [5.0, 4.0], [7.0, 0.0]])
    gamma = np.array([1.0, 0.5])
    grad_out = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.5, 2.0]])
    yield Case("example-4x2", (x, gamma, grad_out))
    yield Case("example-one-row", (np.array([[2.0, -1.0, 3.0]]), np.ones(3), np.ones((1, 3))))


def problem(rng, n, d, scale=1.0, offset=0.0, dtype=np.float64):
    x = offset + rng.normal(scale=scale, size=(n, d))
    gamma = rng.uniform(0.5, 2.0, size=d) * rng.choice([-1.0, 1.0], size=d)
    grad_out = rng.normal(size=(n, d))
    return tuple(a.astype(dtype) for a in (x, gamma, grad_out))


def hidden(rng: np.random.Generator):
    yield Case("small", problem(rng, 8, 5))
    # Two rows: x_hat is +-1 (nearly), the variance term is as large as the mean term.
    yield Case("batch-of-two", problem(rng, 2, 3))
    # One row: the variance is 0, out is beta whatever x is: dx and dgamma are 0, dbeta is grad_out.
    yield Case("one-row", problem(rng, 1, 4))
    yield Case("one-feature", problem(rng, 16, 1))
    x, gamma, grad_out = problem(rng, 10, 6)
    gamma[:2] = [0.0, -3.0]
    yield Case("negative-and-zero-gamma", (x, gamma, grad_out))
    # grad_out the same down each column but the last: shifting a column of out changes nothing
    # after the normalisation, so those columns of dx are exactly 0 (treating the mean and the
    # variance as constants does not give that).
    x, gamma, grad_out = problem(rng, 12, 5)
    grad_out[:, :4] = rng.normal(size=4)
    yield Case("constant-gradient-columns", (x, gamma, grad_out))
    # Constant features (variance 0) and spreads of 1e-4 (variance 1e-8, far below eps): eps
    # sets the scale there, and where it goes (inside the square root) matters.
    x, gamma, grad_out = problem(rng, 20, 6)
    x[:, 0] = 3.0
    x[:, 1] = -7.5
    x[:, 2:4] *= 1e-4
    yield Case("constant-and-sub-eps-features", (x, gamma, grad_out))
    x, gamma, grad_out = problem(rng, 15, 5)
    x[:, :2] *= 1e-2  # variance 1e-4: comparable to this eps
    yield Case("eps-by-name", steps=(call(x, gamma, grad_out, eps=1e-3),))
    # Mean 1e4, spread 1e-2: mean(x**2) - mean(x)**2 is a difference of numbers near 1e8 whose
    # exact value is 1e-4; its rounding error (about 1e-8) is 1e-4 of it.
    yield Case("offset-1e4-spread-1e-2", problem(rng, 64, 8, scale=1e-2, offset=1e4))
    x, gamma, grad_out = problem(rng, 50, 5, scale=1e4)
    yield Case("large-magnitudes", (x, gamma * 1e4, grad_out * 1e4))
    yield Case("thousand-rows", problem(rng, 1000, 16))
    yield Case("few-rows-many-features", problem(rng, 4, 300))
    yield Case("float32", problem(rng, 32, 8, dtype=np.float32))


def benchmark(rng: np.random.Generator):
    yield Case("benchmark-4096x256", problem(rng, 4096, 256))


def scales(x, gamma, grad_out, eps):
    """Each part's natural scale: the largest sum of magnitudes of the terms it is made of, so
    that rounding errors, which are relative to those terms, are compared with it."""
    x = np.asarray(x, dtype=np.float64)
    g = np.abs(np.asarray(grad_out, dtype=np.float64))
    centred = x - x.mean(axis=0)
    inv_std = 1.0 / np.sqrt(np.mean(centred**2, axis=0) + eps)
    x_hat = np.abs(centred * inv_std)
    # dx = gamma / std * (g - mean(g) - x_hat * mean(g * x_hat))
    terms = g + g.mean(axis=0) + x_hat * (g * x_hat).mean(axis=0)
    dx = float(np.max(np.abs(gamma) * inv_std * terms, initial=0.0))
    dgamma = float(np.max((g * x_hat).sum(axis=0), initial=0.0))
    dbeta = float(np.max(g.sum(axis=0), initial=0.0))
    return {"dx": dx, "dgamma": dgamma, "dbeta": dbeta}


def check(case, expected, actual, tolerance):
    step = case.steps[0]
    x, gamma, grad_out = step.args[:3]
    eps = dict(step.kwargs).get("eps", step.args[3] if len(step.args) > 3 else 1e-5)
    parts, problem = as_parts(actual[0], PARTS)
    if problem:
        return Check(False, problem)
    shapes = {
        "dx": (x.shape, "x"),
        "dgamma": (gamma.shape, "gamma"),
        "dbeta": (gamma.shape, "gamma"),
    }
    arrays = {}
    for name, part in zip(PARTS, parts, strict=True):
        got, problem = as_array(part)
        if problem:
            return Check(False, f"{name}: {problem}")
        shape, of = shapes[name]
        if got.shape != shape:
            return Check(False, f"{name}: expected shape {shape}, that of {of}; got {got.shape}")
        if got.dtype.kind != "f":
            return Check(False, f"{name}: expected a floating-point array, got dtype {got.dtype}")
        arrays[name] = got
    scale = scales(x, gamma, grad_out, eps)
    if case.name in FINITE_DIFFERENCES:
        numeric = finite_differences(x, gamma, grad_out, eps)
        for name in PARTS:
            found = compare_with_differences(name, numeric[name], arrays[name], scale[name])
            if not found.ok:
                return found
    for name, want in zip(PARTS, expected[0], strict=True):
        bound = dataclasses.replace(tolerance, atol=tolerance.atol * scale[name])
        found = check_numeric(want, arrays[name], bound)
        if not found.ok:
            return Check(False, f"{name}: {found.message}")
    return PASS


def batchnorm(x, gamma, beta, eps):
    centred = x - x.mean(axis=0)
    return gamma * centred / np.sqrt(np.mean(centred**2, axis=0) + eps) + beta


def finite_differences(x, gamma, grad_out, eps):
    values = {"dx": x.astype(np.float64), "dgamma": gamma.astype(np.float64)}
    values["dbeta"] = np.zeros_like(values["dgamma"])  # the loss is linear in beta
    spread = np.sqrt(values["dx"].var(axis=0) + eps)
    steps = {
        "dx": np.broadcast_to(FD_STEP * spread, x.shape),
        "dgamma": np.full(gamma.shape, FD_STEP * max(1.0, float(np.abs(gamma).max()))),
        "dbeta": np.full(gamma.shape, FD_STEP),
    }

    def loss():
        out = batchnorm(values["dx"], values["dgamma"], values["dbeta"], eps)
        return float(np.sum(grad_out * out))

    numeric = {}
    for name, array in values.items():
        result = np.empty_like(array)
        for index in np.ndindex(array.shape):
            original = array[index]
            array[index] = original + steps[name][index]
            above = loss()
            up = array[index]
            array[index] = original - steps[name][index]
            below = loss()
            result[index] = (above - below) / (up - array[index])
            array[index] = original
        numeric[name] = result
    return numeric


def compare_with_differences(name, numeric, got, scale):
    with np.errstate(invalid="ignore", over="ignore"):
        bad = ~(np.abs(got.astype(np.float64) - numeric) <= FD_SLACK * max(scale, 1e-300))
    if not bad.any():
        return PASS
    where = tuple(int(i) for i in np.unravel_index(int(np.argmax(bad)), numeric.shape))
    return Check(
        False,
        f"{name}: {int(bad.sum())} of {numeric.size} elements disagree with central finite "
        f"differences of sum(grad_out * batchnorm(x)); first at {where}: expected about "
        f"{numeric[where]:.6g}, got {float(got[where]):.6g}",
    )

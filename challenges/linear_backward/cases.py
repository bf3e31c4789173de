"""The linear-backward suite: a batch of rows, then every leading shape (a single vector, 3-D and
4-D batches whose leading axes must all be summed over), one row, one feature in and out, a square
W, many rows, magnitudes of 1e4 and 1e-4, float32, then a benchmark of 1024 rows.

The checker wants a tuple ``(dx, dW, db)`` of NumPy arrays of the shapes of ``x``, ``W`` and
``b``. On small float64 cases it first compares each part with central finite differences of
``L = sum(grad_out * (x @ W + b))``, computed here, then every case with the reference.
"""

import numpy as np

from judge.challenges import Case
from judge.checking import PASS, Check, as_array, as_parts, check_numeric

PARTS = ("dx", "dW", "db")
#: Finite differences are checked on float64 cases with at most this many inputs in x, W and b.
FD_MAX_SIZE = 600
#: The step of the central difference, relative to max(1, |value|). L is linear in every input,
#: so the difference has no truncation error: only rounding, about eps * sum|terms| / step, below
#: 1e-10 of the gradient's scale on these small cases.
FD_STEP = 1e-3
#: How far a part may be from the finite differences, as a share of its largest magnitude: far
#: above their rounding error, far below any mistake (each is off by O(1) of that scale).
FD_SLACK = 1e-7


def examples():
    x = np.array([[1.0, 2.0, 0.0], [-1.0, 0.5, 3.0]])
    W = np.array([[1.0, -1.0], [0.5, 2.0], [0.0, 1.0]])
    b = np.array([0.1, -0.2])
    grad_out = np.array([[1.0, 0.0], [2.0, -1.0]])
    yield Case("example-two-rows", (x, W, b, grad_out))
    yield Case("example-vector", (np.array([1.0, -2.0, 0.5]), W, b, np.array([3.0, 1.0])))
    x3 = np.arange(12.0).reshape(2, 2, 3) / 4
    g3 = np.array([[[1.0, -1.0], [0.0, 2.0]], [[0.5, 0.5], [-1.0, 1.0]]])
    yield Case("example-sequence-batch", (x3, W, b, g3))


def hidden(rng: np.random.Generator):
    def case(name, lead, d_in, d_out, x_scale=1.0, w_scale=1.0, g_scale=1.0, dtype=np.float64):
        x = rng.normal(scale=x_scale, size=(*lead, d_in))
        W = rng.normal(scale=w_scale, size=(d_in, d_out))
        b = rng.normal(size=d_out)
        grad_out = rng.normal(scale=g_scale, size=(*lead, d_out))
        return Case(name, tuple(a.astype(dtype) for a in (x, W, b, grad_out)))

    def dims():
        d_in = int(rng.integers(3, 12))
        return d_in, d_in + int(rng.integers(1, 6))  # never square: see "square-weights"

    yield case("batch", (int(rng.integers(8, 30)),), *dims())
    # Leading axes (B, T) with B != T: x.T @ grad_out, the 2-D formula, raises or goes wrong.
    batch = int(rng.integers(2, 5))
    yield case("three-dims", (batch, batch + int(rng.integers(1, 5))), *dims())
    yield case("four-dims", (2, 3, int(rng.integers(4, 7))), *dims())
    d_in, d_out = dims()
    yield case("vector", (), d_out, d_in)  # a single input vector: no batch axis at all
    yield case("one-row", (1,), *dims())
    yield case("one-feature-in-and-out", (int(rng.integers(5, 15)),), 1, 1)
    yield case("one-output", (4, int(rng.integers(5, 9))), int(rng.integers(5, 10)), 1)
    d = int(rng.integers(4, 10))
    yield case("square-weights", (int(rng.integers(6, 12)),), d, d)
    yield case("many-rows", (2000,), *dims())
    yield case("large-inputs", (40,), *dims(), x_scale=1e4, g_scale=1e-4)
    yield case("large-weights", (3, 10), *dims(), w_scale=1e4, g_scale=1e4)
    yield case("float32", (6, 20), 24, 16, dtype=np.float32)
    yield case("float32-vector", (), 9, 5, dtype=np.float32)
    yield case("wide", (12,), 300, 200)


def benchmark(rng: np.random.Generator):
    x = rng.normal(size=(16, 64, 512))
    W = rng.normal(scale=0.05, size=(512, 384))
    b = rng.normal(size=384)
    yield Case("benchmark-16x64x512-to-384", (x, W, b, rng.normal(size=(16, 64, 384))))


def check(case, expected, actual, tolerance):
    x, W, b, grad_out = case.steps[0].args
    parts, problem = as_parts(actual[0], PARTS)
    if problem:
        return Check(False, problem)
    got = []
    for name, part, want, like in zip(PARTS, parts, expected[0], ("x", "W", "b"), strict=True):
        array, problem = as_array(part)
        if problem:
            return Check(False, f"{name}: {problem}")
        if array.shape != np.shape(want):
            wanted = f"expected shape {np.shape(want)} (that of {like})"
            return Check(False, f"{name}: {wanted}, got {array.shape}")
        if array.dtype.kind != "f":
            return Check(False, f"{name}: expected a floating-point array, got dtype {array.dtype}")
        if array.dtype.itemsize < np.asarray(want).dtype.itemsize:
            return Check(
                False, f"{name}: expected a {np.asarray(want).dtype} result, got {array.dtype}"
            )
        got.append(array)
    inputs = (x, W, b)
    if all(a.dtype == np.float64 for a in inputs) and sum(a.size for a in inputs) <= FD_MAX_SIZE:
        numeric = finite_differences(x, W, b, grad_out)
        for name, array, want in zip(PARTS, got, numeric, strict=True):
            found = check_finite_differences(name, array, want)
            if not found.ok:
                return found
    for name, array, want in zip(PARTS, got, expected[0], strict=True):
        found = check_numeric(want, array, tolerance)
        if not found.ok:
            return Check(False, f"{name}: {found.message}")
    return PASS


def loss(x, W, b, grad_out):
    return float(np.sum(grad_out * (x @ W + b)))


def finite_differences(x, W, b, grad_out):
    """dL/dx, dL/dW and dL/db of L = sum(grad_out * (x @ W + b)), one element at a time."""
    values = [np.array(a, dtype=np.float64) for a in (x, W, b)]
    g = np.asarray(grad_out, dtype=np.float64)
    result = []
    for target in values:
        numeric = np.zeros_like(target)
        for index in np.ndindex(target.shape):
            original = target[index]
            h = FD_STEP * max(1.0, abs(original))
            target[index] = original + h
            above = loss(*values, g)
            target[index] = original - h
            below = loss(*values, g)
            target[index] = original
            numeric[index] = (above - below) / (2 * h)
        result.append(numeric)
    return result


def check_finite_differences(name, got, numeric):
    scale = float(np.abs(numeric).max()) if numeric.size else 0.0
    tolerance = FD_SLACK * max(scale, 1e-300)
    with np.errstate(invalid="ignore", over="ignore"):
        bad = ~(np.abs(got.astype(np.float64) - numeric) <= tolerance)
    if not bad.any():
        return PASS
    where = tuple(int(i) for i in np.unravel_index(int(np.argmax(bad)), numeric.shape))
    return Check(
        False,
        f"{name}: {int(bad.sum())} of {numeric.size} entries disagree with central finite "
        f"differences of sum(grad_out * (x @ W + b)); first at {where}: expected about "
        f"{numeric[where]:.6g}, got {float(got[where]):.6g}",
    )

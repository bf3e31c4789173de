"""The softmax-cross-entropy-backward suite: a batch, one row, two classes, one class, as many rows
as classes (where indexing columns instead of entries still has the right shape), a thousand
classes, two thousand rows, logits of 1e4 (spread out, offset by +1e4 and by -1e4, where exp
without the maximum subtracted overflows or underflows to NaN), tied logits, confident rows,
int32 and uint8 targets, float32, then a benchmark of 2500 rows of 1000 classes.

The checker wants a NumPy array of shape (N, C), float64 for float64 logits; on small float64
cases it first compares it with central finite differences of the mean loss, computed here, then
every case with the reference within rtol plus atol / N (see challenge.toml).
"""

import dataclasses

import numpy as np

from judge.challenges import Case
from judge.checking import PASS, Check, as_array, check_numeric

#: Finite differences are checked on float64 cases of at most this many rows and entries, with
#: logits of at most FD_MAX_LOGIT in magnitude (where a step of FD_STEP is small).
FD_MAX_ROWS = 50
FD_MAX_SIZE = 500
FD_MAX_LOGIT = 100.0
#: The step of the central difference. Each element only moves its own row's loss
#: logsumexp(z) - z[t], whose third derivative is at most 1: truncation about FD_STEP**2 / 6, and
#: rounding about eps * |row loss| / FD_STEP, both below 1e-9 (then divided by N).
FD_STEP = 1e-5
#: How far an entry may be from the finite difference, as a share of 1 / N: far above its error,
#: far below any mistake (each is off by O(1 / N)).
FD_SLACK = 1e-6


def examples():
    logits = np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]])
    yield Case("example-two-rows", (logits, np.array([2, 0])))
    yield Case("example-large-logits", (np.array([[1000.0, 0.0, -1000.0]]), np.array([1])))
    yield Case(
        "example-four-rows-two-classes", (np.array([[0.5, -0.5]] * 4), np.array([0, 1, 1, 0]))
    )


def hidden(rng: np.random.Generator):
    def case(name, n, c, scale=2.0, loc=0.0, dtype=np.float64, target_dtype=np.int64):
        logits = rng.normal(loc=loc, scale=scale, size=(n, c)).astype(dtype)
        return Case(name, (logits, rng.integers(0, c, size=n).astype(target_dtype)))

    yield case("batch", int(rng.integers(10, 40)), int(rng.integers(3, 12)))
    yield case("one-row", 1, int(rng.integers(5, 20)))
    yield case("two-classes", int(rng.integers(8, 30)), 2)
    yield case("one-class", int(rng.integers(3, 8)), 1)  # softmax is 1, the gradient 0
    n = int(rng.integers(5, 12))
    yield case("as-many-rows-as-classes", n, n)
    yield case("thousand-classes", 5, 1000)
    yield case("many-rows", 2000, int(rng.integers(3, 7)))
    yield case("logits-1e4", 30, 8, scale=1e4)
    yield case("offset-plus-1e4", 20, 6, scale=1.0, loc=1e4)
    yield case("offset-minus-1e4", 20, 6, scale=1.0, loc=-1e4)
    # Ties: small integers, so that several entries of a row are equal (some rows entirely).
    ties = rng.integers(-2, 3, size=(25, 5)).astype(np.float64)
    ties[::5] = rng.integers(-3, 4)
    yield Case("tied-logits", (ties, rng.integers(0, 5, size=25)))
    # Confident rows: the target's logit 12 above the rest, so p - 1 is about -4e-5, computed by
    # cancellation (the absolute tolerance covers that), and not so small that zeros would pass.
    n, c = 12, 7
    targets = rng.integers(0, c, size=n)
    confident = rng.normal(size=(n, c))
    confident[np.arange(n), targets] += 12.0
    yield Case("confident", (confident, targets))
    yield case("one-target-for-all", 15, 6, target_dtype=np.int32)
    yield case("int32-targets", 18, 9, target_dtype=np.int32)
    yield case("uint8-targets", 18, 9, target_dtype=np.uint8)
    yield case("float32", 40, 10, scale=3.0, dtype=np.float32)
    yield case("float32-logits-1e3", 10, 6, scale=1e3, dtype=np.float32)


def benchmark(rng: np.random.Generator):
    n, c = 2500, 1000
    logits = rng.normal(scale=3.0, size=(n, c))
    yield Case("benchmark-2500x1000", (logits, rng.integers(0, c, size=n)))


def check(case, expected, actual, tolerance):
    logits, targets = case.steps[0].args
    got, problem = as_array(actual[0])
    if problem:
        return Check(False, problem)
    want = np.asarray(expected[0])
    if got.shape != want.shape:
        return Check(False, f"expected shape {want.shape} (that of logits), got {got.shape}")
    if got.dtype.kind != "f":
        return Check(False, f"expected a floating-point array, got dtype {got.dtype}")
    if got.dtype.itemsize < want.dtype.itemsize:
        return Check(False, f"expected a {want.dtype} result, got {got.dtype}: precision lost")
    n = len(logits)
    if (
        logits.dtype == np.float64
        and n <= FD_MAX_ROWS
        and logits.size <= FD_MAX_SIZE
        and float(np.abs(logits).max()) <= FD_MAX_LOGIT
    ):
        found = check_finite_differences(logits, targets, got)
        if not found.ok:
            return found
    return check_numeric(want, got, dataclasses.replace(tolerance, atol=tolerance.atol / n))


def row_loss(row, target):
    """logsumexp(row) - row[target], in float64, without overflow."""
    top = row.max()
    return top + np.log(np.exp(row - top).sum()) - row[target]


def check_finite_differences(logits, targets, got):
    """Each entry against a central difference of its row's loss, divided by N (the mean)."""
    z = np.array(logits, dtype=np.float64)
    n = len(z)
    numeric = np.empty_like(z)
    for i, j in np.ndindex(z.shape):
        row = z[i].copy()
        row[j] = z[i, j] + FD_STEP
        above = row_loss(row, targets[i])
        row[j] = z[i, j] - FD_STEP
        below = row_loss(row, targets[i])
        numeric[i, j] = (above - below) / (2 * FD_STEP) / n
    with np.errstate(invalid="ignore", over="ignore"):
        bad = ~(np.abs(got.astype(np.float64) - numeric) <= FD_SLACK / n)
    if not bad.any():
        return PASS
    where = tuple(int(i) for i in np.unravel_index(int(np.argmax(bad)), z.shape))
    return Check(
        False,
        f"{int(bad.sum())} of {z.size} entries disagree with central finite differences of the "
        f"mean cross-entropy; first at {where}: expected about {numeric[where]:.6g}, got "
        f"{float(got[where]):.6g}",
    )

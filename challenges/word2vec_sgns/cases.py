"""The skip-gram negative-sampling suite: one to fifteen negatives, widths of 1 to 300, repeated
negatives and a negative equal to the context, learning rates from 0.001 to 0.5, dot products of
about 1000 in magnitude on both sides (where a naive log(sigmoid) overflows to infinity) and of
about 25 (confidently right, terms near 1e-11), the word2vec.c habit of clipping scores to +-6,
float32, keyword arguments, then a float32 benchmark of 50 negatives of width 40000.

The checker asks for a tuple (center, context, negatives, loss): three NumPy arrays of the inputs'
shapes (float64 for float64 inputs) and a scalar loss. It compares the loss (the loss before the
step), then, on small float64 cases, the gradient each returned vector implies,
(old - new) / lr, against central finite differences of the loss at the old vectors, computed
here; then every value against the reference (see challenge.toml for the bounds).
"""

import dataclasses

import numpy as np

from judge.challenges import Case, call
from judge.checking import PASS, Check, as_array, as_parts, check_numeric

NAMES = ("center", "context", "negatives", "loss")
#: Finite differences are checked on float64 cases with at most this many coordinates in all.
FD_MAX_SIZE = 400
#: Step of the central difference, relative to max(1, |coordinate|).
FD_STEP = 1e-6
#: How far an implied gradient may be from the finite difference, as a share of
#: max(1, the loss, the largest gradient): far above the difference's own error (rounding of
#: about eps * loss / h ~ 2e-10 of the loss; truncation h^2 |f'''| well below that), far below
#: any mistake in a gradient.
FD_SLACK = 1e-5
#: The loss's own absolute bound, beside the relative one, for losses near 0.
LOSS_ATOL = 1e-12


def examples():
    center = np.array([1.0, 0.0, -1.0])
    context = np.array([0.5, 1.0, 0.0])
    negatives = np.array([[1.0, 1.0, 1.0], [0.0, -1.0, 2.0]])
    yield Case("example-two-negatives", (center, context, negatives, 0.1))
    center, context = np.array([30.0, 0.0]), np.array([-30.0, 10.0])
    yield Case("example-large-scores", (center, context, np.array([[40.0, 1.0]]), 0.01))


def hidden(rng: np.random.Generator):
    def vectors(d, k, scale=0.5, dtype=np.float64):
        v, u = rng.normal(scale=scale, size=(2, d))
        n = rng.normal(scale=scale, size=(k, d))
        return v.astype(dtype), u.astype(dtype), n.astype(dtype)

    def lr():
        return float(rng.choice([0.01, 0.025, 0.05, 0.1]))

    yield Case("one-negative", (*vectors(5, 1), lr()))
    yield Case("width-one", (*vectors(1, 3), lr()))
    yield Case("few-negatives", (*vectors(8, 5), lr()))
    yield Case("more-negatives-than-width", (*vectors(4, 9), 0.05))
    yield Case("typical-width-300", (*vectors(300, 15, scale=0.1), 0.025))
    v, u, n = vectors(6, 4)
    n[2] = n[0]  # the same word drawn twice: each row gets its own, equal, update
    n[3] = u  # a negative equal to the context: still its own row
    yield Case("repeated-negatives", (v, u, n, lr()))
    yield Case("large-learning-rate", (*vectors(7, 3, scale=1.5), 0.5))
    yield Case("small-learning-rate", (*vectors(10, 6), 0.001))
    # Scores of about -+1000 on the wrong side: log(sigmoid) overflows to infinity naively.
    v = rng.normal(size=6)
    v *= 30.0 / np.linalg.norm(v)
    u = -v * rng.uniform(0.8, 1.2) + rng.normal(size=6)
    n = v * rng.uniform(0.8, 1.2, size=(3, 1)) + rng.normal(size=(3, 6))
    n[1] = -n[1]  # one negative right, by a wide margin
    yield Case("large-scores", (v, u, n, 0.01))
    # Scores of about 25 on the right side (terms near 1e-11, where probabilities clipped to
    # [1e-7, 1 - 1e-7] before the log are off by 1e-7 each), beside one hard negative that gives
    # the center a gradient of its own.
    v = rng.normal(size=8)
    v *= 5.0 / np.linalg.norm(v)
    u = v + rng.normal(scale=0.05, size=8)
    n = -v + rng.normal(scale=0.05, size=(3, 8))
    n[1] = rng.normal(scale=0.3, size=8)
    yield Case("confidently-right", (v, u, n, 0.1))
    # Scores between 6 and 20: word2vec.c's clipping to +-6 shows here.
    v, u, n = vectors(12, 4, scale=1.2)
    yield Case("scores-past-six", (v, u, n, 0.02))
    yield Case(
        "keywords",
        steps=(call(**dict(zip(NAMES[:3], vectors(5, 2), strict=True)), lr=0.05),),
    )
    yield Case("float32", (*vectors(50, 6, dtype=np.float32), 0.025))


def benchmark(rng: np.random.Generator):
    # float32, as embeddings are trained: 2 million values, 8 MB.
    d, k = 40000, 50
    v, u = rng.normal(scale=0.01, size=(2, d)).astype(np.float32)
    n = rng.normal(scale=0.01, size=(k, d)).astype(np.float32)
    yield Case("benchmark-d40000-k50-float32", (v, u, n, 0.025))


def arguments(step):
    given = dict(zip(("center", "context", "negatives", "lr"), step.args, strict=False))
    return given | dict(step.kwargs)


def loss_of(v, u, n):
    """-log sigmoid(u.v) - sum log sigmoid(-n_j.v), stably, in float64."""
    return float(np.logaddexp(0.0, -(u @ v)) + np.logaddexp(0.0, n @ v).sum())


def check(case, expected, actual, tolerance):
    given = arguments(case.steps[0])
    old = [np.asarray(given[name]) for name in NAMES[:3]]
    parts, problem = as_parts(actual[0], NAMES)
    if problem:
        return Check(False, problem)
    want = expected[0]
    new = []
    for name, before, got, ref in zip(NAMES[:3], old, parts[:3], want[:3], strict=True):
        got, problem = as_array(got)
        if problem:
            return Check(False, f"{name}: {problem}")
        if got.shape != before.shape:
            return Check(
                False, f"{name}: expected shape {before.shape} (the input's), got {got.shape}"
            )
        if got.dtype.kind != "f":
            return Check(False, f"{name}: expected a floating-point array, got dtype {got.dtype}")
        if got.dtype.itemsize < np.asarray(ref).dtype.itemsize:
            return Check(False, f"{name}: expected {np.asarray(ref).dtype}, got {got.dtype}")
        new.append(got)
    loss = parts[3]
    if not isinstance(loss, int | float | np.number | np.ndarray) or np.shape(loss) != ():
        return Check(False, f"loss: expected a scalar, got {type(loss).__name__} {np.shape(loss)}")
    loss_tolerance = dataclasses.replace(tolerance, atol=LOSS_ATOL, scale_atol=False)
    # float32 inputs: the loss is held to float32's precision (the checker sizes the bounds to
    # the expected value's dtype).
    want_loss = np.float32(want[3]) if old[0].dtype == np.float32 else want[3]
    found = check_numeric(want_loss, loss, loss_tolerance)
    if not found.ok:
        return Check(False, f"loss (before the step): {found.message}")
    lr = float(given["lr"])
    if old[0].dtype == np.float64 and sum(a.size for a in old) <= FD_MAX_SIZE and lr > 0:
        found = check_finite_differences(old, new, lr, want[3])
        if not found.ok:
            return found
    for name, got, ref in zip(NAMES[:3], new, want[:3], strict=True):
        found = check_numeric(ref, got, tolerance)
        if not found.ok:
            return Check(False, f"{name}: {found.message}")
    return PASS


def check_finite_differences(old, new, lr, loss):
    """(old - new) / lr, the gradient each returned vector implies, against central differences
    of the loss at the old vectors."""
    old = [a.astype(np.float64) for a in old]
    numeric = []
    for which, array in enumerate(old):
        grad = np.empty_like(array)
        for index in np.ndindex(array.shape):
            h = FD_STEP * max(1.0, abs(float(array[index])))
            up, down = [a.copy() for a in old], [a.copy() for a in old]
            up[which][index] += h
            down[which][index] -= h
            grad[index] = (loss_of(*up) - loss_of(*down)) / (2 * h)
        numeric.append(grad)
    implied = [(a - b.astype(np.float64)) / lr for a, b in zip(old, new, strict=True)]
    scale = max(1.0, abs(loss), *(float(np.abs(g).max()) for g in numeric))
    for name, want, got in zip(NAMES[:3], numeric, implied, strict=True):
        with np.errstate(invalid="ignore"):
            bad = ~(np.abs(got - want) <= FD_SLACK * scale)
        if bad.any():
            where = tuple(int(i) for i in np.unravel_index(int(np.argmax(bad)), want.shape))
            return Check(
                False,
                f"{name}: the step implies a gradient, (old - new) / lr, that disagrees with "
                f"central finite differences of the loss at the old vectors in {int(bad.sum())} of "
                f"{want.size} coordinates; first at {where}: expected about {want[where]:.6g}, "
                f"got {got[where]:.6g}",
            )
    return PASS

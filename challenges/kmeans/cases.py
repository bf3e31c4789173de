"""The k-means suite: Lloyd's iterations from given centroids, with exact ties (small integer and
dyadic coordinates, so that every formula for the distances computes them exactly), empty clusters,
k = 1, n = 1, d = 1, duplicate points and centroids, no iterations at all, float32; then a
benchmark where a Python loop over the points runs out of time.

The checker compares the centroids with the reference's and checks the labels as a property: each
must be the index of a nearest returned centroid. Where two centroids are equally near up to
rounding either index is accepted, except where the data are exactly representable (coordinates
that are multiples of 2**-10 below 2**10 in magnitude): there the distances are exact in any
formula, and an exact tie must go to the lower index.
"""

import numpy as np

from judge.challenges import Case
from judge.checking import PASS, Check, as_array, as_parts, check_numeric

#: Two squared distances of a float64 case are equally near when they differ by less than this
#: share of ``|x|^2 + max |c|^2`` (the size of the terms in ``|x|^2 - 2 x.c + |c|^2``): far above
#: the rounding of any formula in float64, far below any real difference in the suite.
RELATIVE_SLACK = 1e-9
#: The same for a float32 case, which may be computed in float32: 64 float32 epsilons.
RELATIVE_SLACK_FLOAT32 = 64 * float(np.finfo(np.float32).eps)

#: One-dimensional gadgets (points, the two initial centroids) with an exact tie in every
#: assignment step of two iterations, whose centroids stay integers or halves, and where sending
#: ties to the higher index gives other centroids and labels. Found by exhaustive search in exact
#: rational arithmetic.
GADGETS = (
    ((0, 0, 1, 3), (1, 5)),  # the tie empties the second cluster
    ((0, 1, 2, 5), (3, 1)),
    ((0, 2, 4, 6), (0, 8)),
    ((0, 1, 1, 4), (2, 0)),  # two tied points in every step
    ((0, 2, 3, 3), (0, 4)),
    ((0, 1, 3, 8), (4, 2)),
    ((0, 2, 3, 7), (4, 2)),
    ((0, 1, 5, 8), (3, 7)),
)
GADGET_ITERATIONS = 2


def examples():
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [4.0, 4.0], [5.0, 4.0], [4.0, 5.0]])
    yield Case("example-one-iteration", (X, np.array([[0.0, 0.0], [1.0, 0.0]]), 1))
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    yield Case("example-tie-and-empty-cluster", (X, np.array([[0.0], [2.0], [100.0]]), 2))


def hidden(rng: np.random.Generator):
    def normal(*shape):
        return rng.normal(size=shape)

    def pick(X, k):
        """k distinct data points as the initial centroids (copies)."""
        return X[rng.choice(len(X), k, replace=False)].copy()

    # Not converged after one to three iterations: one iteration too many or too few, or the
    # labels from before the last update, give other answers.
    X = rng.uniform(-1, 1, size=(400, 2))
    yield Case("uniform-one-iteration", (X, pick(X, 10), 1))
    X = rng.uniform(-1, 1, size=(300, 3))
    yield Case("uniform-three-iterations", (X, pick(X, 8), 3))
    X = normal(120, 4)
    yield Case("no-iterations", (X, pick(X, 5), 0))
    X = normal(2000, 8)
    yield Case("medium-ten-iterations", (X, pick(X, 16), 10))
    X = normal(50, 3) * 3 + 5
    yield Case("one-cluster", (X, pick(X, 1), 2))
    yield Case("one-point-three-centroids", (normal(1, 2), normal(3, 2), 2))
    X = normal(100, 1)
    yield Case("one-dimension", (X, pick(X, 4), 4))
    # A centroid far from every point: its cluster is empty from the start and it must stay put.
    X = normal(150, 3)
    far = np.concatenate([pick(X, 3), [[40.0, -40.0, 40.0]]])
    yield Case("far-centroid-stays", (X, far[rng.permutation(4)], 5))
    base = normal(30, 2)
    X = np.concatenate([base, base[:20], base[:5]])[rng.permutation(55)]
    yield Case("duplicate-points", (X, pick(base, 4), 3))
    # Exact ties: integer points and centroids.
    grid = rng.integers(-3, 4, size=(60, 2)).astype(np.float64)
    yield Case("integer-ties-no-iterations", (grid, rng.integers(-3, 4, (5, 2)) * 1.0, 0))
    X = rng.integers(-5, 6, size=(40, 3)).astype(np.float64)
    init = pick(X, 4)
    init = np.concatenate([init[:3], init[1:2], init[3:]])  # centroid 3 duplicates centroid 1
    yield Case("duplicate-centroids", (X, init, 1))
    yield Case("ties-in-every-step", tie_gadgets(rng, 4, 3))
    blobs = rng.normal(scale=10.0, size=(6, 5))
    X = (blobs[rng.integers(0, 6, 500)] + normal(500, 5)).astype(np.float32)
    yield Case("float32", (X, pick(X, 6), 4))


def tie_gadgets(rng, count, d):
    """``count`` gadgets, each moved, mirrored and scaled by a power of two (which keeps their
    ties exact), 64 apart in the other coordinates, their centroid pairs in random slots of the
    centroid list (the gadget's first centroid in the lower slot)."""
    chosen = rng.choice(len(GADGETS), count, replace=False)
    slots = rng.permutation(2 * count).reshape(count, 2)
    slots.sort(axis=1)
    points, centroids = [], np.zeros((2 * count, d))
    for g, index in enumerate(chosen):
        xs, cs = (np.array(v, dtype=np.float64) for v in GADGETS[index])
        scale = rng.choice([-2.0, -1.0, -0.5, 0.5, 1.0, 2.0])
        shift = float(rng.integers(-8, 9))
        rest = np.full(d - 1, 64.0 * g)
        points += [np.concatenate([[scale * x + shift], rest]) for x in xs]
        for slot, c in zip(slots[g], cs, strict=True):
            centroids[slot] = np.concatenate([[scale * c + shift], rest])
    X = np.array(points)[rng.permutation(len(points))]
    return X, centroids, GADGET_ITERATIONS


def benchmark(rng: np.random.Generator):
    # 40000 points in 2 dimensions, 3 clusters, 25 iterations: about a million point-iterations,
    # several seconds for a Python loop over the points; an (n, k) distance matrix per iteration
    # takes under a tenth of a second in all, the (n, k, d) difference tensor about two tenths.
    # Few clusters, since the vectorised solutions' time grows with k and the loop's hardly.
    X = rng.normal(size=(40000, 2))
    yield Case("benchmark-40000x2-k3", (X, X[rng.choice(40000, 3, replace=False)].copy(), 25))


def check(case, expected, actual, tolerance):
    X, init, _ = case.steps[0].args
    n, k = len(X), len(init)
    parts, problem = as_parts(actual[0], ("centroids", "labels"), kinds=(tuple,))
    if problem:
        return Check(False, problem)
    centroids, labels = parts
    got, problem = as_array(centroids)
    if problem:
        return Check(False, f"centroids: {problem}")
    if got.shape != (k, X.shape[1]):
        return Check(
            False, f"centroids: expected shape (k, d) = {(k, X.shape[1])}, got {got.shape}"
        )
    found = check_numeric(expected[0][0], got, tolerance)
    if not found.ok:
        return Check(False, f"centroids: {found.message}")
    got_labels, problem = as_array(labels)
    if problem:
        return Check(False, f"labels: {problem}")
    if got_labels.shape != (n,):
        return Check(False, f"labels: expected shape (n,) = {(n,)}, got {got_labels.shape}")
    if got_labels.dtype.kind not in "iu":
        return Check(False, f"labels: expected integer indices, got dtype {got_labels.dtype}")
    if got_labels.size and (got_labels.min() < 0 or got_labels.max() >= k):
        return Check(False, f"labels: an index is outside 0..{k - 1}")
    return check_labels(X, got, got_labels.astype(np.int64), exact_data(X, expected[0][0]))


def check_labels(X, centroids, labels, exact):
    """Each label the index of a nearest returned centroid, recomputed in float64."""
    points = np.asarray(X, dtype=np.float64)
    c = np.asarray(centroids, dtype=np.float64)
    d2 = ((points[:, None, :] - c[None, :, :]) ** 2).sum(axis=-1)
    low = X.dtype == np.float32 or centroids.dtype == np.float32
    scale = (points**2).sum(axis=1) + (c**2).sum(axis=1).max()
    slack = (RELATIVE_SLACK_FLOAT32 if low else RELATIVE_SLACK) * scale
    rows = np.arange(len(points))
    mine = d2[rows, labels]
    nearest = d2.argmin(axis=1)
    far = mine > d2[rows, nearest] + slack
    if far.any():
        i = int(np.argmax(far))
        return Check(
            False,
            f"labels: {int(far.sum())} of {len(points)} points are not labelled with a nearest "
            f"returned centroid; point {i} is labelled {labels[i]}, but centroid {nearest[i]} "
            "is nearer (the labels must come from one last assignment step to the returned "
            "centroids)",
        )
    if exact:
        lower_tie = (d2 == mine[:, None]) & (np.arange(c.shape[0]) < labels[:, None])
        tied = lower_tie.any(axis=1)
        if tied.any():
            i = int(np.argmax(tied))
            j = int(np.argmax(lower_tie[i]))
            return Check(
                False,
                f"labels: {int(tied.sum())} of {len(points)} points tied between centroids go to "
                f"a higher index; point {i} is exactly as near to centroid {j} as to centroid "
                f"{labels[i]}: ties go to the lower index, {j}",
            )
    return PASS


def exact_data(X, centroids):
    """Whether every coordinate is a multiple of 2**-10 below 2**10 in magnitude: then squared
    distances are exact in float64, whatever the formula, and ties are real."""
    values = np.concatenate([np.ravel(X), np.ravel(centroids)]).astype(np.float64)
    if values.size == 0 or not np.isfinite(values).all():
        return False
    scaled = values * 1024.0
    return bool(np.all(np.abs(values) < 1024.0) and np.all(scaled == np.round(scaled)))

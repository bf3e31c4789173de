"""The k-nearest-neighbours suite: edge cases, then a benchmark that separates a chunked,
vectorised search from a Python loop (too slow) and from the full difference tensor (too big).

The checker compares distances, not indices: any order among equally distant points is right.
"""

import numpy as np

from judge.challenges import Case
from judge.checking import PASS, Check, as_array

#: Two squared distances are equal when they differ by less than this share of the squared norms
#: involved: far above the rounding of ``|q|^2 - 2 q.x + |x|^2`` in float64, far below any real
#: difference between random points.
RELATIVE_SLACK = 1e-12


def examples():
    X_train = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 2.0], [3.0, 3.0]])
    X_query = np.array([[0.9, 0.1], [0.0, 3.0]])
    yield Case("example-four-points", (X_train, X_query, 2))


def hidden(rng: np.random.Generator):
    def points(n, d):
        return rng.normal(size=(n, d))

    yield Case("k-is-one", (points(200, 5), points(30, 5), 1))
    yield Case("k-is-n-train", (points(40, 3), points(10, 3), 40))
    yield Case("one-query", (points(500, 8), points(1, 8), 7))
    yield Case("one-dimension", (points(300, 1), points(20, 1), 5))
    duplicated = points(100, 4)
    train = np.concatenate([duplicated, duplicated[:50], duplicated[:10]])
    yield Case("duplicate-training-points", (train[rng.permutation(len(train))], points(25, 4), 6))
    near = points(60, 6)
    yield Case("queries-on-training-points", (near, near[rng.permutation(60)[:15]], 4))
    yield Case(
        "integer-coordinates", (rng.integers(-5, 5, (200, 3)), rng.integers(-5, 5, (40, 3)), 8)
    )
    yield Case("high-dimension", (points(300, 2000), points(20, 2000), 10))
    yield Case("far-from-origin", (points(400, 10) + 1e4, points(30, 10) + 1e4, 5))


def benchmark(rng: np.random.Generator):
    yield Case(
        "benchmark-10000x64",
        (rng.normal(size=(10000, 64)), rng.normal(size=(500, 64)), 10),
    )


def check(case, expected, actual, tolerance):
    X_train, X_query, k = case.steps[0].args
    got, problem = as_array(actual[0])
    if problem:
        return Check(False, problem)
    if got.shape != (len(X_query), k):
        return Check(False, f"expected shape (n_query, k) = {(len(X_query), k)}, got {got.shape}")
    if got.dtype.kind not in "iu":
        return Check(False, f"expected integer indices, got dtype {got.dtype}")
    if got.size and (got.min() < 0 or got.max() >= len(X_train)):
        return Check(False, f"an index is outside 0..{len(X_train) - 1}")
    repeated = np.any(np.diff(np.sort(got, axis=1), axis=1) == 0, axis=1)
    if repeated.any():
        return Check(False, f"query {int(np.argmax(repeated))} lists a training point twice")
    train = np.asarray(X_train, dtype=np.float64)
    query = np.asarray(X_query, dtype=np.float64)
    want = squared_distances(train, query, np.asarray(expected[0]))
    have = squared_distances(train, query, got.astype(np.int64))
    scale = (query**2).sum(axis=1, keepdims=True) + (train**2).sum(axis=1).max()
    slack = RELATIVE_SLACK * scale + 1e-12
    unordered = np.diff(have, axis=1) < -slack
    if unordered.any():
        row, rank = np.unravel_index(int(np.argmax(unordered)), unordered.shape)
        return Check(
            False,
            f"query {row}: neighbour {rank + 2} is nearer than neighbour {rank + 1}; "
            "list the neighbours nearest first",
        )
    wrong = np.abs(have - want) > slack
    if wrong.any():
        row, rank = np.unravel_index(int(np.argmax(wrong)), wrong.shape)
        return Check(
            False,
            f"{int(wrong.any(axis=1).sum())} of {len(query)} queries have wrong neighbours; query "
            f"{row}: neighbour {rank + 1} is at distance {np.sqrt(have[row, rank]):.6g}, but the "
            f"{_ordinal(rank + 1)} nearest training point is at {np.sqrt(want[row, rank]):.6g}",
        )
    return PASS


def squared_distances(train, query, indices):
    """Exact squared distances from each query to its listed training points, in list order."""
    return ((query[:, None, :] - train[indices]) ** 2).sum(axis=-1)


def _ordinal(n):
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"

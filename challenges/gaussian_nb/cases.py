"""The Gaussian naive Bayes suite: labels that are not 0..k-1 (negative, gaps), imbalanced
priors, a class with one sample and features constant within a class (only the smoothing keeps
their variance above 0), features of scale 1e4 (the smoothing is relative to the largest
variance, not a fixed 1e-9) and offsets of 1e9 (variances from E[x^2] - E[x]^2 cancel to
nothing), 1000 features and far test points (a product of densities underflows to 0), exact ties
between two classes with the same training data (the smaller label wins, whatever order the
labels first appear in), one class, one feature, an empty test set, float32 and integer features,
int32 labels; then a benchmark.

The checker wants a NumPy integer array of the predicted labels, compared exactly.
"""

import numpy as np

from judge.challenges import Case
from judge.checking import PASS, Check, as_array


def examples():
    X = np.array([[1.0, 2.0], [1.2, 1.8], [0.8, 2.2], [4.0, 0.5], [4.4, 0.7]])
    y = np.array([3, 3, 3, 7, 7])
    T = np.array([[1.0, 2.0], [4.0, 0.6], [2.4, 1.4]])
    yield Case("example-two-classes", (X, y, T))
    # Feature 1 is constant within each class: its variance is only the smoothing.
    X = np.array([[0.0, 1.0], [2.0, 1.0], [1.0, 5.0], [3.0, 5.0]])
    y = np.array([0, 0, 1, 1])
    T = np.array([[1.0, 1.0], [1.0, 5.0], [1.0, 3.0]])
    yield Case("example-constant-feature", (X, y, T))
    # Labels 2 and -1 have the same training rows: every test point ties, and -1 wins.
    X = np.array([[0.0], [2.0], [0.0], [2.0], [10.0], [12.0]])
    y = np.array([2, 2, -1, -1, 5, 5])
    T = np.array([[1.0], [11.0]])
    yield Case("example-tie", (X, y, T))


def _blobs(rng, counts, d, spread=1.0, scale=3.0):
    """Gaussian blobs, one per class, with centres scale apart, in shuffled order."""
    centres = scale * rng.normal(size=(len(counts), d))
    X = np.concatenate(
        [c + spread * rng.normal(size=(n, d)) for c, n in zip(centres, counts, strict=True)]
    )
    y = np.repeat(np.arange(len(counts)), counts)
    order = rng.permutation(len(y))
    return X[order], y[order], centres


def _queries(rng, centres, m, spread=1.5):
    return centres[rng.integers(0, len(centres), size=m)] + spread * rng.normal(
        size=(m, centres.shape[1])
    )


def hidden(rng: np.random.Generator):
    X, y, c = _blobs(rng, [20, 30, 25], 4)
    labels = np.array([-4, 2, 9])
    yield Case("labels-with-gaps", (X, labels[y], _queries(rng, c, 40)))

    # One class is nine times as frequent: the priors move the boundary.
    X, y, c = _blobs(rng, [180, 20], 3, scale=1.0)
    yield Case("imbalanced-priors", (X, y, _queries(rng, c, 60)))

    X, y, c = _blobs(rng, [1, 15, 12], 3)
    yield Case("class-with-one-sample", (X, y + 1, _queries(rng, c, 30, 1.0)))

    # Feature 0 takes one value per class (0 and 1 for classes 0 and 1) plus small noise
    # elsewhere; test points near but not at those values.
    X, y, c = _blobs(rng, [15, 15, 15], 3)
    X[:, 0] = np.where(y == 2, X[:, 0], y.astype(float))
    T = _queries(rng, c, 30)
    T[:10, 0] = rng.choice([0.0, 1.0], size=10) + rng.normal(scale=1e-5, size=10)
    yield Case("constant-within-a-class", (X, y, T))

    # Features of scale 1e4, one of them constant within each of two classes: the smoothing,
    # 1e-9 of a variance of about 1e8, is about 0.1, far from a fixed 1e-9.
    X, y, c = _blobs(rng, [20, 20, 20], 3, spread=1e4, scale=3e4)
    X[:, 1] = np.where(y == 0, 5.0, np.where(y == 1, 5.3, X[:, 1]))
    T = _queries(rng, c, 40, 1e4)
    T[:20, 1] = 5.0 + rng.normal(scale=0.3, size=20)
    yield Case("scale-1e4-constant-feature", (X, y, T))

    # Offsets of 1e9 (timestamps) with spreads of a few units.
    X, y, c = _blobs(rng, [25, 25], 2, spread=2.0, scale=3.0)
    yield Case("offset-1e9", (X + 1e9, y, _queries(rng, c, 40, 2.5) + 1e9))

    # 1000 features: each density is below 1, their product is 0 in float64.
    X, y, c = _blobs(rng, [30, 30, 30], 1000, scale=0.3)
    yield Case("1000-features", (X, y, _queries(rng, c, 20)))
    # Test points 40 standard deviations from class 1 (and farther from class 0): every density
    # underflows, the logs do not.
    X = np.concatenate([rng.normal(size=(20, 2)), 100.0 + rng.normal(size=(20, 2))])
    y = np.repeat([0, 1], 20)
    order = rng.permutation(40)
    angle = rng.uniform(0, 2 * np.pi, size=20)
    T = 100.0 + 40.0 * np.c_[np.cos(angle), np.sin(angle)]
    yield Case("far-test-points", (X[order], y[order], T))

    # Labels 6 and 3 have the same training rows (integers, four of each: every statistic is
    # exact, so their log joints are exactly equal); 6 comes first in y_train, 3 must win.
    rows = rng.integers(-3, 4, size=(4, 3)).astype(float)
    other = rng.integers(5, 12, size=(8, 3)).astype(float)
    X = np.concatenate([rows, other[:4], rows, other[4:]])
    y = np.array([6] * 4 + [8] * 4 + [3] * 4 + [8] * 4)
    T = rng.integers(-4, 13, size=(20, 3)).astype(float)
    yield Case("exact-ties-smaller-label", (X, y, T))

    X, _, c = _blobs(rng, [10], 3)
    yield Case("one-class", (X, np.full(10, 4), _queries(rng, c, 5)))
    X, y, c = _blobs(rng, [15, 15, 15], 1)
    yield Case("one-feature", (X, y, _queries(rng, c, 25)))
    X, y, c = _blobs(rng, [8, 8], 2)
    yield Case("empty-test-set", (X, y, np.zeros((0, 2))))
    X, y, c = _blobs(rng, [30, 40, 30], 5)
    yield Case(
        "float32-int32",
        (X.astype(np.float32), y.astype(np.int32), _queries(rng, c, 50).astype(np.float32)),
    )
    X, y, c = _blobs(rng, [30, 30, 30], 4, spread=3.0, scale=6.0)
    yield Case(
        "integer-features",
        (np.round(X).astype(np.int64), y, np.round(_queries(rng, c, 40)).astype(np.int64)),
    )
    X, y, c = _blobs(rng, [100, 60, 140, 80, 120], 10, spread=1.5, scale=1.5)
    yield Case("five-classes", (X, y * 10, _queries(rng, c, 300)))


def benchmark(rng: np.random.Generator):
    X, y, c = _blobs(rng, [2000] * 10, 50, spread=2.0, scale=1.0)
    yield Case("benchmark-20000-by-50-10-classes", (X, y, _queries(rng, c, 20000, 2.0)))


def check(case, expected, actual, tolerance):
    want = np.asarray(expected[0])
    got, problem = as_array(actual[0])
    if problem:
        return Check(False, f"{problem}: return the predicted labels as a NumPy array")
    if got.dtype.kind not in "iu":
        return Check(
            False, f"expected integer labels (the training labels' values), got dtype {got.dtype}"
        )
    if got.shape != want.shape:
        return Check(
            False, f"expected shape {want.shape} (one label per test row), got {got.shape}"
        )
    wrong = got != want
    if wrong.any():
        first = int(np.argmax(wrong))
        return Check(
            False,
            f"{int(wrong.sum())} of {want.size} predicted labels differ; the first at test row "
            f"{first}: {got[first]}, expected {want[first]}",
        )
    return PASS

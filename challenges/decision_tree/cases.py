"""The decision-tree suite. Each case constructs a tree (max_depth and min_samples_split by
name), fits it (fit must return the tree itself) and predicts on test rows that tell the
candidate splits apart: exact ties between features (identical columns, test rows where they
differ) and between thresholds (symmetric labels), test rows exactly at a midpoint (x <= t goes
left) and between a training value and the midpoint, XOR labels (no split gains at the root), a
leaf whose labels tie, max_depth 0, 1 and deep trees, min_samples_split at and around the node
sizes, pure labels, constant features, negative labels with gaps and int32 labels, a second fit
of the same object on other data; then a benchmark.

Every training set has at most 96 rows: two different Gini gains of one node then differ by more
than 1.9e-9, so the exact tie rule and a float64 comparison within 1e-9 give the same tree.
"""

import numpy as np

from judge.challenges import SELF, Case, call, method
from judge.checking import PASS, Check, as_array

MAX_ROWS = 96


def tree_case(name, build, fits):
    """``build``: (args, kwargs) of the constructor; ``fits``: (X, y, [X_test, ...]) tuples, fitted
    in turn on the same object, each followed by its predictions."""
    args, kwargs = build
    steps = [call(*args, **kwargs)]
    for X, y, tests in fits:
        assert len(X) <= MAX_ROWS
        steps.append(method("fit", X, y))
        steps += [method("predict", T) for T in tests]
    return Case(name, steps=tuple(steps))


def examples():
    X = np.array([[1.0], [2.0], [3.0], [4.0], [5.0], [6.0]])
    y = np.array([0, 0, 0, 1, 1, 1])
    T = np.array([[3.5], [3.4], [3.6], [0.0], [9.0]])
    yield tree_case("example-one-split", ((1,), {}), [(X, y, [T])])
    # Features 0 and 1 are the same column: the split uses feature 0, the lower index; the test
    # rows where they differ show it.
    X = np.array([[1.0, 1.0, 5.0], [2.0, 2.0, 5.0], [3.0, 3.0, 6.0], [4.0, 4.0, 6.0]])
    y = np.array([7, 7, 3, 3])
    T = np.array([[1.0, 4.0, 0.0], [4.0, 1.0, 0.0]])
    yield tree_case("example-tied-features", ((2,), {"min_samples_split": 2}), [(X, y, [T])])
    # XOR: no single split gains anything, so the root stays a leaf; its labels tie 2 to 2 and
    # the smaller label, 0, is predicted everywhere.
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([0, 1, 1, 0])
    yield tree_case("example-xor-no-gain", ((3,), {}), [(X, y, [X])])


def _grid_queries(rng, X, m):
    """Test rows: training values, midpoints between them, points just either side of a
    training value, and points outside the range."""
    lo, hi = X.min(axis=0), X.max(axis=0)
    pick = X[rng.integers(0, len(X), size=(m, X.shape[1])), np.arange(X.shape[1])]
    kind = rng.integers(0, 4, size=(m, X.shape[1]))
    offsets = np.choose(kind, [0.0, 0.5, 0.25, -0.25])
    far = rng.random((m, X.shape[1])) < 0.05
    return np.where(
        far, np.where(rng.random((m, X.shape[1])) < 0.5, lo - 3, hi + 3), pick + offsets
    )


def hidden(rng: np.random.Generator):
    # Integer features: midpoints are k + 0.5, and test rows sit exactly on them.
    X = rng.integers(0, 8, size=(60, 3)).astype(float)
    y = (X[:, 0] + rng.integers(0, 3, size=60) > 4).astype(np.int64) + (X[:, 2] > 5)
    yield tree_case("integer-features-depth-3", ((3,), {}), [(X, y, [_grid_queries(rng, X, 120)])])

    # Columns 1 and 3 are the same: a split on it must use feature 1.
    X = rng.integers(0, 6, size=(40, 4)).astype(float)
    X[:, 3] = X[:, 1]
    y = (X[:, 1] >= 3).astype(np.int64)
    T = _grid_queries(rng, X, 60)
    yield tree_case("identical-columns", ((2,), {}), [(X, y, [T])])

    # Labels symmetric along one feature: thresholds on either side gain the same.
    values = np.repeat(np.arange(6.0), 4)
    labels = np.repeat(np.array([1, 1, 0, 0, 1, 1]), 4)
    order = rng.permutation(len(values))
    X = np.c_[values[order], rng.integers(0, 2, size=24) * 0.0]
    yield tree_case(
        "tied-thresholds",
        ((1,), {}),
        [(X, labels[order], [np.c_[np.arange(-0.5, 6.5, 0.5), np.zeros(14)]])],
    )

    # XOR of two features, each combination equally often: no split gains at the root (the
    # children would split perfectly), and the root's labels tie 16 to 16.
    combos = np.array([[0, 0], [0, 1], [1, 0], [1, 1]] * 8)[rng.permutation(32)]
    y = np.where(combos[:, 0] == combos[:, 1], 5, 3)
    T = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.5, 0.5]])
    yield tree_case("xor-root", ((4,), {}), [(combos.astype(float), y, [T])])

    X = rng.normal(size=(30, 2)).round(1)
    y = rng.integers(0, 3, size=30)
    yield tree_case("max-depth-0", ((0,), {}), [(X, y, [rng.normal(size=(10, 2))])])

    X = rng.normal(size=(50, 3)).round(1)
    y = rng.integers(0, 3, size=50)
    T = rng.normal(size=(100, 3)).round(2)
    yield tree_case("max-depth-1", ((1,), {}), [(X, y, [T])])
    yield tree_case("deep-tree", ((12,), {}), [(X, y, [T, X])])

    # min_samples_split around the node sizes.
    X = rng.integers(0, 10, size=(40, 2)).astype(float)
    y = ((X[:, 0] + X[:, 1]) % 3 == 0).astype(np.int64)
    T = _grid_queries(rng, X, 80)
    yield tree_case("min-samples-split-10", ((6,), {"min_samples_split": 10}), [(X, y, [T])])
    yield tree_case("min-samples-split-n", ((6,), {"min_samples_split": 40}), [(X, y, [T])])
    yield tree_case("min-samples-split-above-n", ((6,), {"min_samples_split": 41}), [(X, y, [T])])
    # A node of exactly min_samples_split rows is still split.
    X = rng.permutation(np.arange(12.0))[:, None]
    y = (X[:, 0] >= 5).astype(np.int64) * 3
    T = np.arange(-0.5, 12.0, 1.0)[:, None]
    yield tree_case("min-samples-split-exactly-n", ((2,), {"min_samples_split": 12}), [(X, y, [T])])

    X = rng.normal(size=(20, 2))
    yield tree_case("pure-labels", ((3,), {}), [(X, np.full(20, 5), [rng.normal(size=(5, 2))])])
    X = np.c_[np.full(12, 2.0), np.full(12, -1.0)]
    y = np.r_[np.full(6, 4), np.full(6, 9)]
    yield tree_case("constant-features", ((3,), {}), [(X, y, [rng.normal(size=(4, 2))])])

    # A leaf at max_depth whose labels tie: the smaller label.
    X = np.repeat(np.array([[0.0], [1.0]]), 6, axis=0)
    y = np.array([8, 8, 8, -3, -3, -3, 8, 8, 8, 8, 2, 2])
    yield tree_case("leaf-tie", ((1,), {}), [(X, y, [np.array([[0.0], [1.0], [0.5]])])])

    X = rng.normal(size=(70, 4)).round(1)
    y = np.array([-5, 0, 12])[(X[:, 0] > 0).astype(int) + (X[:, 2] > 0.5)]
    y = np.where(rng.random(70) < 0.15, -5, y).astype(np.int32)
    yield tree_case(
        "labels-with-gaps-int32", ((4,), {}), [(X, y, [rng.normal(size=(80, 4)).round(2)])]
    )

    X1 = rng.integers(0, 5, size=(30, 2)).astype(float)
    y1 = (X1[:, 0] > 2).astype(np.int64)
    X2 = rng.integers(0, 5, size=(30, 3)).astype(float)
    y2 = (X2[:, 2] < 2).astype(np.int64) * 4
    yield tree_case(
        "second-fit-replaces-the-first",
        ((2,), {}),
        [(X1, y1, [_grid_queries(rng, X1, 30)]), (X2, y2, [_grid_queries(rng, X2, 30)])],
    )

    X = rng.normal(size=(MAX_ROWS, 6)).round(1)
    y = (X[:, 1] - X[:, 4] > 0).astype(np.int64) + (X[:, 3] > 1)
    y = np.where(rng.random(MAX_ROWS) < 0.1, rng.integers(0, 3, size=MAX_ROWS), y)
    yield tree_case(
        "noisy-96-rows", ((5,), {"min_samples_split": 4}), [(X, y, [_grid_queries(rng, X, 200)])]
    )


def benchmark(rng: np.random.Generator):
    X = rng.normal(size=(MAX_ROWS, 40)).round(1)
    y = (X[:, :3].sum(axis=1) > 0).astype(np.int64) + (X[:, 5] > 0.5)
    T = rng.normal(size=(50000, 40)).round(2)
    yield tree_case("benchmark-96-rows-40-features", ((8,), {}), [(X, y, [T])])


def check(case, expected, actual, tolerance):
    fits = 0
    for i, step in enumerate(case.steps[: len(expected)]):
        if step.op != "method":
            continue
        got = actual[i]
        if step.name == "fit":
            fits += 1
            if not (isinstance(got, str) and got == SELF):
                what = "None" if got is None else f"a {type(got).__name__}"
                return Check(
                    False,
                    f"fit returned {what}; it must return the tree itself (return self), so that "
                    "tree.fit(X, y).predict(X_test) works",
                )
            continue
        where = f"predict after fit {fits}" if fits > 1 else "predict"
        want = np.asarray(expected[i])
        array, problem = as_array(got)
        if problem:
            return Check(False, f"{where}: {problem}: return the labels as a NumPy array")
        if array.dtype.kind not in "iu":
            return Check(
                False,
                f"{where}: expected integer labels (the training labels' values), "
                f"got dtype {array.dtype}",
            )
        if array.shape != want.shape:
            return Check(
                False,
                f"{where}: expected shape {want.shape} (one label per row), got {array.shape}",
            )
        wrong = array != want
        if wrong.any():
            first = int(np.argmax(wrong))
            return Check(
                False,
                f"{where}: {int(wrong.sum())} of {want.size} predicted labels differ; the first at "
                f"row {first}: {array[first]}, expected {want[first]}",
            )
    return PASS

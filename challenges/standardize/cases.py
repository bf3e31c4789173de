"""The standardisation suite and its column-by-column checker.

Constant columns come in the values that trip a computed standard deviation: 0.1 and
100000000.1 repeated 50 times have a float64 std of about 3e-17 and 3e-8 (not 0), so testing
``std == 0`` divides them and a threshold of 1e-8 misses the second; next to them, columns whose
spread is genuinely tiny (1e-9, 1e-30) must be divided, which a threshold leaves undivided.
"""

import numpy as np

from judge.challenges import Case
from judge.checking import PASS, Check, as_array

NAMES = ("X_train_std", "X_test_std")


def columns(rng, n, means, stds):
    """``n`` rows of normal columns with the given means and spreads."""
    return rng.normal(size=(n, len(means))) * np.asarray(stds) + np.asarray(means)


def examples():
    X_train = np.array([[1.0, 10.0], [2.0, 10.0], [3.0, 10.0]])
    X_test = np.array([[4.0, 10.0], [0.0, 12.0]])
    yield Case("example-constant-column", (X_train, X_test))


def hidden(rng: np.random.Generator):
    def pair(n_train, n_test, means, stds):
        both = columns(rng, n_train + n_test, means, stds)
        return both[:n_train], both[n_train:]

    def with_constants(n_train, n_test, means, stds, constants):
        """Columns ``constants`` (index: value) constant in the training set; the test set
        varies there, around and away from the constant."""
        train, test = pair(n_train, n_test, means, stds)
        for j, value in constants.items():
            train[:, j] = value
            test[:, j] = value + rng.normal(scale=1.0, size=n_test)
        return train, test

    yield Case(
        "constant-and-tiny-columns",
        with_constants(
            50, 20, [0, 5.0, 0, -3.0, 2e-9], [0, 2.0, 0, 0.1, 1e-9], {0: 0.1, 2: 100000000.3}
        ),
    )
    yield Case("constant-0.1", with_constants(50, 10, [0, 1.0, 0], [0, 1.0, 0], {0: 0.1, 2: 0.3}))
    constants = {0: 100000000.1, 2: 1e8 / 3, 3: 100000000.3}
    yield Case(
        "constant-1e8", with_constants(100, 10, [0, -2.0, 0, 0, 7.0], [0, 3, 0, 0, 0.5], constants)
    )
    yield Case(
        "constant-thirds",
        with_constants(7, 5, [0.0, 0, 0], [1.0, 0, 0], {1: 1e8 / 3, 2: 12345678.9}),
    )
    yield Case("tiny-spread-1e-9", pair(40, 10, [1e-9, 3.0], [3e-9, 1.0]))
    yield Case("tiny-spread-1e-30", pair(40, 10, [0.0, -1e-30], [1e-30, 4e-30]))
    yield Case(
        "all-constant",
        (np.tile([[0.5, -3.0, 1e8, 0.0]], (20, 1)), columns(rng, 6, [0] * 4, [1] * 4)),
    )
    yield Case("single-training-row", pair(1, 5, [1.0, -2.0, 0.1], [1.0, 3.0, 1.0]))
    yield Case("two-training-rows", pair(2, 3, [0.0, 10.0, -1.0], [1.0, 2.0, 5.0]))
    yield Case("one-column", pair(100, 30, [4.0], [2.5]))
    yield Case("one-test-row", pair(60, 1, [1.0, 2.0, 3.0], [0.1, 1.0, 10.0]))
    yield Case("empty-test-set", pair(30, 0, [1.0, -1.0], [2.0, 0.5]))
    # The test set drawn elsewhere: its own statistics differ from the training set's.
    train = columns(rng, 80, [0.0, 10.0, -5.0, 1.0], [1.0, 2.0, 3.0, 0.5])
    test = columns(rng, 40, [3.0, 4.0, 0.0, 1.0], [5.0, 0.5, 1.0, 2.0])
    yield Case("shifted-test-set", (train, test))
    yield Case("large-offset", pair(200, 50, [1e5, -3e4, 0.0], [0.5, 2.0, 1.0]))
    train, test = with_constants(50, 10, [0, 2.0, -1.0], [0, 1.0, 3.0], {0: 0.1})
    yield Case("float32", (train.astype(np.float32), test.astype(np.float32)))
    counts = rng.integers(0, 20, size=(40, 4))
    counts[:, 2] = 7
    yield Case("integers", (counts[:30], counts[30:]))
    yield Case("wide", pair(30, 10, rng.normal(size=200) * 10, rng.uniform(0.1, 5.0, 200)))


def benchmark(rng: np.random.Generator):
    both = columns(rng, 100_000, rng.normal(size=8) * 10, rng.uniform(0.5, 5.0, 8))
    yield Case("benchmark-80000x8", (both[:80_000], both[80_000:]))


def check(case, expected, actual, tolerance):
    X_train, X_test = case.steps[0].args
    got = actual[0]
    if not isinstance(got, tuple | list):
        kind = "None" if got is None else f"a {type(got).__name__}"
        return Check(False, f"expected a tuple (X_train_std, X_test_std), got {kind}")
    if len(got) != 2:
        return Check(
            False, f"expected a tuple of 2 arrays (X_train_std, X_test_std), got {len(got)}"
        )
    train = np.asarray(X_train, dtype=np.float64)
    # Each column's scale, and its largest magnitude over both sets.
    constant = (train == train[:1]).all(axis=0)
    scale = np.where(constant, 1.0, train.std(axis=0))
    both = np.concatenate([train, np.asarray(X_test, dtype=np.float64)])
    largest = np.abs(both).max(axis=0)
    eps = np.finfo(X_train.dtype if X_train.dtype.kind == "f" else np.float64).eps
    slack = tolerance.atol * eps * largest / scale
    for name, source, want, value in zip(NAMES, (X_train, X_test), expected[0], got, strict=True):
        array, problem = as_array(value)
        if problem:
            return Check(False, f"{name}: {problem}")
        if array.shape != source.shape:
            return Check(False, f"{name}: expected shape {source.shape}, got {array.shape}")
        if array.dtype.kind != "f":
            return Check(False, f"{name}: expected a float array, got dtype {array.dtype}")
        found = compare(name, want, array.astype(np.float64), slack, tolerance.rtol)
        if not found.ok:
            return found
    return PASS


def compare(name, want, got, slack, rtol):
    with np.errstate(invalid="ignore", over="ignore"):
        error = np.abs(got - want)
        bad = ~(error <= rtol * np.abs(want) + slack)  # NaN is bad too
    if not bad.any():
        return PASS
    row, col = np.unravel_index(
        int(np.argmax(np.where(bad, np.nan_to_num(error, nan=np.inf), -1))), bad.shape
    )
    columns_bad = int(bad.any(axis=0).sum())
    return Check(
        False,
        f"{name}: {int(bad.sum())} of {want.size} elements wrong, in {columns_bad} of "
        f"{want.shape[1]} columns; worst at ({row}, {col}): expected {want[row, col]:.6g}, "
        f"got {got[row, col]:.6g}",
    )

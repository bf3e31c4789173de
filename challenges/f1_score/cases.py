"""The macro-F1 suite: classes that never occur, are never predicted, or both; num_classes above
every label; a single sample; all right and all wrong; Python lists and NumPy arrays of several
integer dtypes; imbalanced classes; then a benchmark where a Python loop over the samples for
each class times out.

The checker wants one float (a Python float or a NumPy floating scalar, not an array) and
compares it with the reference's within the tolerance of challenge.toml.
"""

import numpy as np

from judge.challenges import Case
from judge.checking import PASS, Check


def examples():
    yield Case(
        "example-three-classes", (np.array([0, 1, 2, 0, 1, 2]), np.array([0, 2, 1, 0, 0, 1]), 3)
    )
    yield Case("example-absent-classes", (np.array([0, 0, 1, 1]), np.array([0, 0, 1, 0]), 4))
    yield Case("example-one-sample-lists", ([2], [2], 3))


def hidden(rng: np.random.Generator):
    def noisy(y_true, num_classes, accuracy):
        """Predictions that are right with probability ``accuracy``, else uniformly random."""
        guess = rng.integers(0, num_classes, size=len(y_true))
        return np.where(rng.random(len(y_true)) < accuracy, y_true, guess)

    y = rng.permutation(np.arange(40) % 4)
    yield Case("all-correct", (y, y.copy(), 4))
    yield Case("all-wrong", (y, (y + rng.integers(1, 4, size=40)) % 4, 4))
    label = int(rng.integers(0, 5))
    yield Case("one-sample-right", (np.array([label]), np.array([label]), 5))
    yield Case("one-sample-wrong", (np.array([label]), np.array([(label + 1) % 5]), 5))
    yield Case("one-class", (np.zeros(7, dtype=np.int64), np.zeros(7, dtype=np.int64), 1))

    # Class 3 is predicted but never occurs (recall 0/0, precision 0): its F1 is 0.
    y_true = rng.integers(0, 3, size=30)
    y_pred = noisy(y_true, 3, 0.7)
    y_pred[rng.choice(30, size=4, replace=False)] = 3
    yield Case("class-never-true", (y_true, y_pred, 4))

    # Class 2 occurs but is never predicted (precision 0/0, recall 0).
    y_true = rng.integers(0, 4, size=30)
    y_pred = noisy(y_true, 4, 0.7)
    y_pred[y_pred == 2] = 0
    yield Case("class-never-predicted", (y_true, y_pred, 4))

    # Classes 1 and 4 neither occur nor are predicted: they still count, with F1 0.
    y_true = rng.choice([0, 2, 3], size=25)
    yield Case("classes-never-seen", (y_true, np.where(rng.random(25) < 0.6, y_true, 3), 5))

    y_true = rng.integers(0, 5, size=60)
    yield Case("num-classes-above-every-label", (y_true, noisy(y_true, 5, 0.6), 10))

    y_true = rng.integers(0, 3, size=12)
    yield Case("python-lists", (y_true.tolist(), noisy(y_true, 3, 0.5).tolist(), 3))

    y_true = rng.integers(0, 6, size=80)
    yield Case("int32-arrays", (y_true.astype(np.int32), noisy(y_true, 6, 0.6).astype(np.int32), 6))

    y_true = rng.integers(0, 2, size=50)
    yield Case("binary", (y_true, noisy(y_true, 2, 0.7), 2))

    # One frequent class and rare ones: macro and support-weighted means part ways.
    y_true = rng.choice(4, size=200, p=[0.85, 0.1, 0.04, 0.01])
    yield Case("imbalanced", (y_true, noisy(y_true, 4, 0.8), 4))

    y_true = rng.integers(0, 7, size=2000)
    yield Case("medium", (y_true, noisy(y_true, 7, 0.5), 7))


def benchmark(rng: np.random.Generator):
    n, num_classes = 1_000_000, 50
    y_true = rng.integers(0, num_classes, size=n)
    y_pred = np.where(rng.random(n) < 0.6, y_true, rng.integers(0, num_classes, size=n))
    yield Case("benchmark-1000000-samples-50-classes", (y_true, y_pred, num_classes))


def check(case, expected, actual, tolerance):
    want = float(expected[0])
    got = actual[0]
    if isinstance(got, np.ndarray):
        return Check(
            False,
            f"expected one float (a Python float or a NumPy floating scalar), got a NumPy array of "
            f"shape {got.shape}: the macro F1 is the mean of the per-class scores",
        )
    if not isinstance(got, float | np.floating):
        what = "None" if got is None else f"a {type(got).__name__}"
        return Check(
            False, f"expected a float (a Python float or a NumPy floating scalar), got {what}"
        )
    value = float(got)
    if np.isnan(value):
        return Check(
            False,
            "the F1 score is NaN: a class that is never predicted or never occurs divides 0 by 0; "
            "its precision or recall is 0, and its F1 is 0 when both are",
        )
    if abs(value - want) > tolerance.atol + tolerance.rtol * abs(want):
        return Check(
            False,
            f"the macro F1 is {value:.10g}, expected {want:.10g} "
            f"(abs error {abs(value - want):.3g})",
        )
    return PASS

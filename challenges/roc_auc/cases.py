"""The ROC AUC suite: ties everywhere (integer scores, hard 0/1 predictions, every score equal, a
tied group holding positives and negatives in a random order), perfect and perfectly inverted
rankings, one positive or one negative, two samples, imbalanced classes, negative and 1e4 scores,
float32 and integer scores, int32 labels and Python lists; then a 500000-sample benchmark where
comparing every pair, in Python or as a broadcast matrix, runs out of time or memory.

The checker wants one float (a Python float or a NumPy floating scalar, not an array) and
compares it with the reference's within the tolerance of challenge.toml.
"""

import numpy as np

from judge.challenges import Case
from judge.checking import PASS, Check


def examples():
    yield Case("example-four-samples", (np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.35, 0.8])))
    yield Case("example-ties", (np.array([1, 0, 1, 0, 0]), np.array([0.5, 0.5, 0.9, 0.2, 0.9])))
    yield Case("example-lists-inverted", ([1, 0, 1], [1, 3, 2]))


def hidden(rng: np.random.Generator):
    def labels(n, share):
        """n labels with round(share * n) positives (at least one of each class), shuffled."""
        n_pos = min(max(round(share * n), 1), n - 1)
        return rng.permutation(np.r_[np.ones(n_pos, np.int64), np.zeros(n - n_pos, np.int64)])

    def informative(y, noise=1.0):
        return y + noise * rng.normal(size=y.size)

    y = labels(40, 0.5)
    yield Case("all-scores-equal", (y, np.full(40, float(rng.normal()))))
    y = labels(30, 0.4)
    yield Case("perfect", (y, np.where(y == 1, rng.uniform(2, 3, 30), rng.uniform(0, 1, 30))))
    y = labels(30, 0.4)
    yield Case("inverted", (y, np.where(y == 1, rng.uniform(0, 1, 30), rng.uniform(2, 3, 30))))

    y = labels(25, 0.0)  # one positive
    yield Case("one-positive", (y, np.round(informative(y), 1)))
    y = labels(25, 1.0)  # one negative
    yield Case("one-negative", (y, np.round(informative(y), 1)))
    yield Case("two-samples-tied", (rng.permutation(np.array([0, 1])), np.array([0.3, 0.3])))

    # Integer scores from 0 to 3: most pairs tie; the tied groups mix both classes.
    y = labels(60, 0.5)
    yield Case("integer-scores", (y, np.clip(np.round(informative(y) + 1), 0, 3).astype(np.int64)))
    # Hard predictions: every score is 0 or 1.
    y = labels(50, 0.3)
    yield Case("hard-predictions", (y, np.where(rng.random(50) < 0.75, y, 1 - y).astype(float)))
    # A few distinct values, positives listed first within every tied group, then last: an
    # ordinal rank (or a curve through each sample) in the input's order is biased either way.
    y = np.r_[np.ones(20, np.int64), np.zeros(30, np.int64)]
    scores = rng.integers(0, 4, size=50) * 0.25
    yield Case("ties-positives-first", (y, scores))
    yield Case("ties-positives-last", (y[::-1].copy(), scores[::-1].copy()))

    y = labels(400, 0.05)
    yield Case("imbalanced", (y, np.round(informative(y, 0.8), 1)))
    y = labels(200, 0.5)
    yield Case("large-negative-scores", (y, np.round(1e4 * informative(y, 2.0) - 3e4, -3)))
    y = labels(300, 0.4)
    yield Case("float32-scores", (y, np.round(informative(y), 1).astype(np.float32)))
    y = labels(120, 0.3)
    yield Case("int32-labels", (y.astype(np.int32), np.round(informative(y), 1)))
    y = labels(15, 0.4)
    yield Case("python-lists", (y.tolist(), np.round(informative(y), 1).tolist()))
    y = labels(3000, 0.3)
    yield Case("continuous", (y, informative(y, 1.5)))


def benchmark(rng: np.random.Generator):
    n = 500_000
    y = (rng.random(n) < 0.3).astype(np.int64)
    y[:2] = (0, 1)  # both classes, whatever the draw
    scores = np.round(y + rng.normal(size=n), 3)
    yield Case("benchmark-500000-samples", (y, scores))


def check(case, expected, actual, tolerance):
    want = float(expected[0])
    got = actual[0]
    if isinstance(got, np.ndarray):
        return Check(
            False,
            f"expected one float (a Python float or a NumPy floating scalar), got a NumPy array of "
            f"shape {got.shape}: the AUC is one number",
        )
    if not isinstance(got, float | np.floating):
        what = "None" if got is None else f"a {type(got).__name__}"
        return Check(
            False, f"expected a float (a Python float or a NumPy floating scalar), got {what}"
        )
    value = float(got)
    if np.isnan(value):
        return Check(False, "the AUC is NaN")
    if abs(value - want) > tolerance.atol + tolerance.rtol * abs(want):
        return Check(
            False,
            f"the AUC is {value:.10g}, expected {want:.10g} (abs error {abs(value - want):.3g})",
        )
    return PASS

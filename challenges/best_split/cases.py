"""The decision-stump suite: tiny and degenerate inputs (one sample, two samples, one feature,
constant features, pure labels, XOR where the best gain is 0 without pure labels), ties between
thresholds and between features, duplicates, negative and float thresholds, labels that are not
0..k-1, then a benchmark where a loop over thresholds that recounts the classes times out.

A best split is not unique, so the checker does not compare with the reference's split: it
recomputes, in float64, the Gini gain of the split the submission returns (``x <= threshold``
goes left), and checks that the threshold is midway between two consecutive distinct values of
its feature, that the gain is the best one (the reference's) and that the returned gain is that
split's own.
"""

import numpy as np

from judge.challenges import Case
from judge.checking import PASS, Check

#: A threshold may differ from the exact midpoint ``(a + b) / 2`` of the two values it separates by
#: this many epsilons of the feature's dtype times ``max(|a|, |b|)``: ``a + (b - a) / 2``, ``0.5 *
#: (a + b)`` and a float32 midpoint of float32 features all round within one or two. A threshold
#: at a value itself is off by ``(b - a) / 2``, far more.
MIDPOINT_EPSILONS = 8


def examples():
    X = np.array([[2.0, 1.0], [3.0, 5.0], [1.0, 4.0], [4.0, 2.0]])
    yield Case("example-two-features", (X, np.array([0, 1, 0, 1])))
    X = np.array([[5.0, 1.0], [1.0, 1.0], [3.0, 1.0]])
    yield Case("example-labels-3-and-7", (X, np.array([3, 7, 7])))
    yield Case("example-constant-features", (np.array([[1.0, 2.0], [1.0, 2.0]]), np.array([0, 1])))
    yield Case("example-pure-labels", (np.array([[1.0], [2.0], [0.5]]), np.array([4, 4, 4])))


def hidden(rng: np.random.Generator):
    def noisy(labels, classes, share=0.1):
        """``labels`` with about ``share`` of them replaced by random classes."""
        flip = rng.random(len(labels)) < share
        return np.where(flip, rng.choice(classes, size=len(labels)), labels)

    X = rng.uniform(-5, 5, size=(30, 1))
    cut = float(rng.uniform(-2, 2))
    yield Case("one-feature", (X, noisy(np.where(X[:, 0] > cut, 1, 0), [0, 1])))

    yield Case("one-sample", (rng.normal(size=(1, 3)), rng.integers(0, 3, size=1)))
    X = rng.normal(size=(2, 3))
    yield Case("two-samples-two-classes", (X, np.array([0, 1])))
    yield Case("two-samples-one-class", (X, np.array([5, 5])))
    X = np.array([[1.0, 2.0], [1.0, -3.0]]) * rng.uniform(1, 2)
    yield Case("two-samples-one-feature-equal", (X, np.array([2, 9])))

    X = np.tile(rng.normal(size=(1, 3)), (15, 1))
    yield Case("all-features-constant", (X, rng.integers(0, 3, size=15)))

    X = rng.normal(size=(40, 3))
    y = noisy(np.where(X[:, 1] > 0.3, 4, 1), [1, 4], 0.15)
    X[:, 0], X[:, 2] = rng.normal(), rng.normal()
    yield Case("constant-features-beside-a-good-one", (X, y))

    yield Case("pure-labels", (rng.normal(size=(25, 3)), np.full(25, 7)))

    # XOR: every split leaves both children as mixed as the parent, so the best gain is 0.
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    repeat = int(rng.integers(1, 4))
    X = np.repeat(corners * rng.uniform(1, 3, size=2) - rng.uniform(0, 2, size=2), repeat, axis=0)
    y = np.repeat(np.array([0, 1, 1, 0]), repeat)
    order = rng.permutation(len(y))
    yield Case("xor-best-gain-zero", (X[order], y[order]))

    # Ties between thresholds: a symmetric pattern (a a b b a a) splits as well at either end.
    values = np.sort(rng.uniform(-3, 3, size=6))
    y = np.array([2, 2, 0, 0, 2, 2])
    order = rng.permutation(6)
    yield Case("tied-thresholds", (values[order, None], y[order]))

    # Ties between features: an exact copy and a mirror image of the informative column.
    X = rng.normal(size=(40, 5))
    y = noisy(np.where(X[:, 1] > 0.2, 1, 0), [0, 1], 0.15)
    X[:, 3] = X[:, 1]
    X[:, 0] = -X[:, 1]
    yield Case("tied-features", (X, y))

    X = rng.integers(0, 6, size=(60, 4)).astype(np.float64)
    y = noisy(np.choose(np.clip(X[:, 2].astype(int) // 2, 0, 2), [3, 7, 11]), [3, 7, 11], 0.2)
    yield Case("unsorted-with-duplicates", (X, y))

    X = rng.normal(-10.0, 3.0, size=(50, 3))
    y = noisy(np.where(X[:, 2] < -11.3, 0, 1), [0, 1], 0.1)
    yield Case("negative-thresholds", (X, y))

    X = rng.integers(-20, 20, size=(50, 3))
    y = noisy(np.where(X[:, 0] + X[:, 1] > 0, 1, -1), [-1, 1], 0.1)
    yield Case("integer-features-labels-minus-one-plus-one", (X, y))

    classes = np.array([-2, 0, 5, 9, 100])
    X = rng.normal(size=(200, 6))
    y = noisy(classes[np.argmax(X[:, :5] @ rng.normal(size=(5, 5)), axis=1)], classes, 0.1)
    yield Case("five-classes", (X, y))

    X = rng.normal(scale=100.0, size=(80, 4)).astype(np.float32)
    y = noisy(np.where(X[:, 3] > 20.0, 1, 0), [0, 1], 0.1)
    yield Case("float32-features", (X, y))

    X = rng.normal(size=(300, 10))
    y = noisy(np.digitize(X[:, 6] + 0.5 * X[:, 2], [-0.5, 0.5]), [0, 1, 2], 0.2)
    yield Case("medium", (X, y))


def benchmark(rng: np.random.Generator):
    X = rng.normal(size=(5000, 20))
    y = np.digitize(X[:, 3] - X[:, 11] + rng.normal(size=5000), [-1.0, 1.0])
    yield Case("benchmark-5000x20-three-classes", (X, y))


def gini_gain(y, left):
    """The Gini gain of splitting ``y`` into ``y[left]`` and ``y[~left]``, in float64."""
    _, labels = np.unique(np.asarray(y), return_inverse=True)
    labels = labels.reshape(-1)

    def gini(part):
        if not len(part):
            return 0.0
        p = np.bincount(part) / len(part)
        return 1.0 - float(np.sum(p * p))

    n = len(labels)
    n_left = int(left.sum())
    weighted = (n_left * gini(labels[left]) + (n - n_left) * gini(labels[~left])) / n
    return gini(labels) - weighted


def _real(value):
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(
        value, bool | np.bool_
    )


def _describe(value):
    if isinstance(value, np.ndarray):
        return f"a NumPy array of shape {value.shape}"
    return "None" if value is None else f"a {type(value).__name__}"


def check(case, expected, actual, tolerance):
    X, y = case.steps[0].args
    want_feature, _, best = expected[0]
    got = actual[0]
    if not isinstance(got, tuple | list) or len(got) != 3:
        what = _describe(got)
        if isinstance(got, tuple | list):
            what += f" of {len(got)} elements"
        return Check(False, f"expected a tuple (feature, threshold, gain), got {what}")
    feature, threshold, gain = got
    if not _real(gain):
        return Check(
            False, f"the gain must be a number (a Python or NumPy scalar), got {_describe(gain)}"
        )
    gain = float(gain)
    if not np.isfinite(gain):
        return Check(False, f"the gain is {gain}, not a finite number")
    slack = tolerance.atol + tolerance.rtol * abs(best)

    if want_feature is None:
        if feature is not None or threshold is not None:
            return Check(
                False,
                "no feature has two distinct values, so there is no split: expected "
                "(None, None, 0.0)",
            )
        if gain != 0.0:
            return Check(False, f"with no split the gain is 0.0, got {gain:.6g}")
        return PASS
    if feature is None:
        return Check(
            False,
            f"returned no split, but a feature has two distinct values, so a split exists (the "
            f"best gain is {best:.10g}; a split of gain 0 is still a split)",
        )
    if not isinstance(feature, int | np.integer) or isinstance(feature, bool | np.bool_):
        return Check(False, f"the feature must be an integer index, got {_describe(feature)}")
    X = np.asarray(X)
    if not 0 <= feature < X.shape[1]:
        return Check(False, f"feature {int(feature)} is not a column index (0..{X.shape[1] - 1})")
    feature = int(feature)
    if not _real(threshold):
        return Check(
            False,
            f"the threshold must be a number (a Python or NumPy scalar), got "
            f"{_describe(threshold)}",
        )
    t = float(threshold)
    column = X[:, feature].astype(np.float64)
    left = column <= t
    if not np.isfinite(t) or left.all() or not left.any():
        return Check(
            False,
            f"the threshold {t:.10g} on feature {feature} leaves a child empty: it must lie "
            "between two distinct values of the feature",
        )
    below, above = column[left].max(), column[~left].min()
    eps = np.finfo(X.dtype if X.dtype.kind == "f" else np.float64).eps
    allowed = MIDPOINT_EPSILONS * eps * max(abs(below), abs(above))
    if abs(t - (below + above) / 2) > allowed:
        share = (t - below) / (above - below)
        return Check(
            False,
            f"the threshold {t:.10g} on feature {feature} is not midway between the two "
            f"consecutive distinct values it separates: it lies {share:.3g} of the way from the "
            "lower one to the upper one (0.5 expected)",
        )
    split_gain = gini_gain(y, left)
    if split_gain < best - slack:
        return Check(
            False,
            f"the split on feature {feature} at {t:.10g} has Gini gain {split_gain:.10g}, but the "
            f"best split has {best:.10g}",
        )
    if abs(gain - split_gain) > slack:
        return Check(
            False,
            f"the returned gain {gain:.10g} is not the Gini gain of the returned split on feature "
            f"{feature} at {t:.10g}, which is {split_gain:.10g}",
        )
    return PASS

# expect: wrong_answer
# The entropy (information gain) instead of the Gini impurity: a different split wherever the two
# criteria rank splits differently.
import numpy as np

# Two gains closer than this are equal. Gains are ratios of integer counts: on a node of at most
# 96 rows two different gains differ by more than 16 / 96**5 = 1.9e-9, while float64 rounds each
# by about 1e-16, so this tolerance finds exactly the exact ties (see challenge.toml).
TIE = 1e-9


class DecisionTree:
    def __init__(self, max_depth, min_samples_split=2):
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split

    def fit(self, X, y):
        X = np.asarray(X, dtype=np.float64)
        self.classes_, codes = np.unique(np.asarray(y), return_inverse=True)
        self.tree_ = self._grow(X, codes.ravel(), 0)
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=np.float64)
        out = np.empty(len(X), dtype=np.int64)
        self._route(self.tree_, X, np.arange(len(X)), out)
        return self.classes_[out]

    def _grow(self, X, y, depth):
        counts = np.bincount(y, minlength=len(self.classes_))
        leaf = ("leaf", int(np.argmax(counts)))  # the first maximum: the smallest label
        if depth >= self.max_depth or len(y) < self.min_samples_split or counts.max() == len(y):
            return leaf
        split = self._best_split(X, y, counts)
        if split is None:
            return leaf
        feature, threshold = split
        left = X[:, feature] <= threshold
        return (
            "split",
            feature,
            threshold,
            self._grow(X[left], y[left], depth + 1),
            self._grow(X[~left], y[~left], depth + 1),
        )

    def _best_split(self, X, y, counts):
        n, k = len(y), len(counts)
        parent = _entropy(counts[None, :] / n)[0]
        n_left = np.arange(1, n)[:, None]
        per_feature = []  # (gains, thresholds) of each feature, thresholds increasing
        for feature in range(X.shape[1]):
            order = np.argsort(X[:, feature], kind="stable")
            values = X[order, feature]
            left = np.cumsum(np.eye(k, dtype=np.int64)[y[order]], axis=0)[:-1]
            right = counts - left
            gini_left = _entropy(left / n_left)
            gini_right = _entropy(right / (n - n_left))
            weighted = (n_left[:, 0] * gini_left + (n - n_left[:, 0]) * gini_right) / n
            # Only between consecutive distinct values.
            distinct = np.nonzero(values[1:] > values[:-1])[0]
            thresholds = (values[distinct] + values[distinct + 1]) / 2
            per_feature.append((parent - weighted[distinct], thresholds))
        best = max((gains.max() for gains, _ in per_feature if gains.size), default=0.0)
        if best <= TIE:
            return None  # no split gains anything (or every feature is constant)
        for feature, (gains, thresholds) in enumerate(per_feature):
            tied = np.nonzero(gains >= best - TIE)[0]
            if tied.size:  # the lowest feature, then the lowest threshold, among the best
                return feature, float(thresholds[tied[0]])
        return None

    def _route(self, node, X, rows, out):
        if node[0] == "leaf":
            out[rows] = node[1]
            return
        _, feature, threshold, left, right = node
        goes_left = X[rows, feature] <= threshold
        self._route(left, X, rows[goes_left], out)
        self._route(right, X, rows[~goes_left], out)


def _entropy(p):
    safe = np.where(p > 0, p, 1.0)
    return -np.sum(np.where(p > 0, p * np.log2(safe), 0.0), axis=1)

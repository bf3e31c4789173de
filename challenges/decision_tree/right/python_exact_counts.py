# expect: accepted
# Gains compared exactly: the weighted child impurity is 1 - S / n with
# S = sum(left counts^2) / n_left + sum(right counts^2) / n_right, so the best split is the one of
# largest S, compared as integer fractions (no rounding at all). Plain Python sweeps over each
# feature's sorted values with running counts; nested dicts for the tree; predict routes every
# row with NumPy masks.
import numpy as np


class DecisionTree:
    def __init__(self, max_depth, min_samples_split=2):
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split

    def fit(self, X, y):
        X = np.asarray(X, dtype=np.float64)
        self.labels = sorted(set(np.asarray(y).tolist()))
        code = {label: i for i, label in enumerate(self.labels)}
        rows = X.tolist()
        ys = [code[label] for label in np.asarray(y).tolist()]
        self.root = self._grow(rows, ys, 0)
        return self

    def _grow(self, rows, ys, depth):
        k = len(self.labels)
        counts = [0] * k
        for c in ys:
            counts[c] += 1
        majority = max(range(k), key=lambda c: (counts[c], -c))  # ties: the smallest label
        n = len(ys)
        if depth >= self.max_depth or n < self.min_samples_split or max(counts) == n:
            return {"leaf": majority}
        # The parent's S: sum(counts^2) / n. A split gains iff its S is larger.
        best_num, best_den = sum(c * c for c in counts), n
        best = None
        for feature in range(len(rows[0])):
            pairs = sorted((row[feature], c) for row, c in zip(rows, ys, strict=True))
            left = [0] * k
            for i in range(n - 1):
                left[pairs[i][1]] += 1
                if pairs[i][0] == pairs[i + 1][0]:
                    continue
                n_left = i + 1
                n_right = n - n_left
                a = sum(c * c for c in left)
                b = sum((t - c) ** 2 for t, c in zip(counts, left, strict=True))
                num, den = a * n_right + b * n_left, n_left * n_right
                if num * best_den > best_num * den:  # strictly larger: earlier ties stay
                    best_num, best_den = num, den
                    best = (feature, (pairs[i][0] + pairs[i + 1][0]) / 2)
        if best is None:
            return {"leaf": majority}
        feature, threshold = best
        goes_left = [row[feature] <= threshold for row in rows]
        left_rows = [r for r, g in zip(rows, goes_left, strict=True) if g]
        left_ys = [c for c, g in zip(ys, goes_left, strict=True) if g]
        right_rows = [r for r, g in zip(rows, goes_left, strict=True) if not g]
        right_ys = [c for c, g in zip(ys, goes_left, strict=True) if not g]
        return {
            "feature": feature,
            "threshold": threshold,
            "left": self._grow(left_rows, left_ys, depth + 1),
            "right": self._grow(right_rows, right_ys, depth + 1),
        }

    def predict(self, X):
        X = np.asarray(X, dtype=np.float64)
        codes = np.zeros(len(X), dtype=np.int64)
        stack = [(self.root, np.arange(len(X)))]
        while stack:
            node, idx = stack.pop()
            if "leaf" in node:
                codes[idx] = node["leaf"]
                continue
            left = X[idx, node["feature"]] <= node["threshold"]
            stack.append((node["left"], idx[left]))
            stack.append((node["right"], idx[~left]))
        return np.array(self.labels, dtype=np.int64)[codes]

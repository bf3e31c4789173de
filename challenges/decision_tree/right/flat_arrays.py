# expect: accepted
# The tree in flat arrays (feature, threshold, children, label) grown from an explicit stack;
# the gain as parent Gini minus the size-weighted child Gini in float64, two gains within 1e-9
# counted equal (the statement's tolerance); every candidate split of a node scored at once over
# all features; predict walks every row down one level at a time.
import numpy as np

TIE = 1e-9


class DecisionTree:
    def __init__(self, max_depth, min_samples_split=2):
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split

    def fit(self, X, y):
        X = np.asarray(X, dtype=np.float64)
        self.classes, codes = np.unique(np.asarray(y), return_inverse=True)
        codes = codes.reshape(-1)
        k = len(self.classes)
        self.feature, self.threshold, self.left, self.right, self.label = [], [], [], [], []
        stack = [(np.arange(len(codes)), 0, None, None)]
        while stack:
            idx, depth, parent, side = stack.pop()
            node = len(self.feature)
            if parent is not None:
                (self.left if side == "L" else self.right)[parent] = node
            counts = np.bincount(codes[idx], minlength=k)
            self.feature.append(-1)
            self.threshold.append(0.0)
            self.left.append(-1)
            self.right.append(-1)
            self.label.append(int(np.argmax(counts)))
            n = len(idx)
            if depth >= self.max_depth or n < self.min_samples_split or counts.max() == n:
                continue
            split = self._split(X[idx], codes[idx], counts)
            if split is None:
                continue
            f, t = split
            self.feature[node], self.threshold[node] = f, t
            goes_left = X[idx, f] <= t
            stack.append((idx[~goes_left], depth + 1, node, "R"))
            stack.append((idx[goes_left], depth + 1, node, "L"))
        self.feature = np.array(self.feature)
        self.threshold = np.array(self.threshold)
        self.left = np.array(self.left)
        self.right = np.array(self.right)
        self.label = np.array(self.label)
        return self

    @staticmethod
    def _split(X, codes, counts):
        n = X.shape[0]
        k = len(counts)
        order = np.argsort(X, axis=0, kind="stable")  # (n, d)
        values = np.take_along_axis(X, order, axis=0)
        one_hot = np.eye(k)[codes[order]]  # (n, d, k)
        left = np.cumsum(one_hot, axis=0)[:-1]  # (n - 1, d, k)
        right = counts - left
        n_left = np.arange(1, n, dtype=np.float64)[:, None]
        n_right = n - n_left
        gini_left = 1.0 - np.sum(left**2, axis=2) / n_left**2
        gini_right = 1.0 - np.sum(right**2, axis=2) / n_right**2
        gain = (1.0 - np.sum(counts**2) / n**2) - (n_left * gini_left + n_right * gini_right) / n
        valid = values[1:] > values[:-1]  # (n - 1, d)
        gain = np.where(valid, gain, -np.inf)
        best = gain.max() if gain.size else -np.inf
        if not best > TIE:
            return None
        # Feature-major order: the lowest feature first, then the lowest threshold.
        i, f = np.argwhere((gain >= best - TIE).T)[0][::-1]
        return int(f), float((values[i, f] + values[i + 1, f]) / 2)

    def predict(self, X):
        X = np.asarray(X, dtype=np.float64)
        node = np.zeros(len(X), dtype=np.int64)
        while True:
            inner = self.feature[node] >= 0
            if not inner.any():
                break
            at = node[inner]
            goes_left = X[np.nonzero(inner)[0], self.feature[at]] <= self.threshold[at]
            node[inner] = np.where(goes_left, self.left[at], self.right[at])
        return self.classes[self.label[node]]

# expect: accepted
# Sort each feature once, then one Python loop over the sorted samples with running class counts:
# O(n d k) Python work, well inside the limit on the benchmark. Ties keep the first split found.
import numpy as np


def gini(counts, size):
    return 1.0 - sum((c / size) ** 2 for c in counts.values())


def best_split(X, y):
    n, d = X.shape
    labels = [int(v) for v in y]
    total = {}
    for label in labels:
        total[label] = total.get(label, 0) + 1
    parent = gini(total, n)
    best = (None, None, 0.0)
    best_gain = -1.0
    for j in range(d):
        order = np.argsort(X[:, j], kind="stable")
        column = X[order, j].tolist()
        left = dict.fromkeys(total, 0)
        right = dict(total)
        for i in range(n - 1):
            label = labels[order[i]]
            left[label] += 1
            right[label] -= 1
            if column[i] == column[i + 1]:
                continue
            n_left = i + 1
            n_right = n - n_left
            gain = parent - (n_left * gini(left, n_left) + n_right * gini(right, n_right)) / n
            if gain > best_gain:
                best_gain = gain
                best = (j, (column[i] + column[i + 1]) / 2, gain)
    return best

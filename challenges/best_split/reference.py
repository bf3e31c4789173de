import numpy as np

#: Gains within this of the best count as ties (float64 rounding is about 1e-15 here); among
#: tied splits the lowest feature, then the lowest threshold, is returned.
TIE = 1e-12


def best_split(X, y):
    X = np.asarray(X, dtype=np.float64)
    n = len(X)
    # Labels may be any integers: map them to 0..k-1 first.
    _, labels = np.unique(np.asarray(y), return_inverse=True)
    onehot = np.eye(labels.max() + 1)[labels.reshape(-1)]  # (n, k)

    order = np.argsort(X, axis=0, kind="stable")  # (n, d)
    values = np.take_along_axis(X, order, axis=0)  # each column sorted
    # Class counts of the left child when it holds the first i + 1 sorted samples: (n - 1, d, k).
    left = np.cumsum(onehot[order], axis=0)[:-1]
    right = onehot.sum(axis=0) - left
    n_left = np.arange(1, n)[:, None]
    n_right = n - n_left

    def gini(counts, size):
        return 1.0 - ((counts / size[..., None]) ** 2).sum(axis=-1)

    parent = 1.0 - ((onehot.sum(axis=0) / n) ** 2).sum()
    gain = parent - (n_left * gini(left, n_left) + n_right * gini(right, n_right)) / n
    # Only between two distinct values: splitting inside a run of equal values is impossible.
    valid = values[:-1] < values[1:]
    if not valid.any():
        return None, None, 0.0
    gain = np.where(valid, gain, -np.inf)
    tied = (gain >= gain.max() - TIE).T  # (d, n - 1): row-major order is feature, then position
    feature, position = divmod(int(np.argmax(tied)), n - 1)
    threshold = (values[position, feature] + values[position + 1, feature]) / 2
    return feature, float(threshold), float(gain[position, feature])

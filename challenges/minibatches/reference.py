import numpy as np


def minibatches(n_samples, batch_size, shuffle=True):
    order = np.random.permutation(n_samples) if shuffle else np.arange(n_samples)
    return [order[start : start + batch_size] for start in range(0, n_samples, batch_size)]

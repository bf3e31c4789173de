# expect: wrong_answer
# Shuffles once (the first time a size is seen) and reuses that order: every epoch is the same.
import numpy as np

_orders = {}


def minibatches(n_samples, batch_size, shuffle=True):
    if not shuffle:
        order = np.arange(n_samples)
    else:
        if n_samples not in _orders:
            _orders[n_samples] = np.random.permutation(n_samples)
        order = _orders[n_samples]
    return [order[i : i + batch_size] for i in range(0, n_samples, batch_size)]

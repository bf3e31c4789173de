# expect: accepted
# A permutation as the argsort of uniform random keys (ties have probability ~0), then a loop.
import numpy as np


def minibatches(n_samples, batch_size, shuffle=True):
    keys = np.random.random(n_samples) if shuffle else np.arange(n_samples)
    order = np.argsort(keys, kind="stable")
    batches = []
    start = 0
    while start < n_samples:
        batches.append(order[start : min(start + batch_size, n_samples)].copy())
        start += batch_size
    return batches

# expect: wrong_answer
# A full-size last batch taken from the end: it repeats samples of the batch before it.
import numpy as np


def minibatches(n_samples, batch_size, shuffle=True):
    order = np.random.permutation(n_samples) if shuffle else np.arange(n_samples)
    batches = []
    for start in range(0, n_samples, batch_size):
        if start + batch_size > n_samples:
            batches.append(order[-batch_size:])
        else:
            batches.append(order[start : start + batch_size])
    return batches

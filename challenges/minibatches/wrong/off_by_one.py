# expect: wrong_answer
# One-based indices, 1 .. n_samples: index n_samples is out of range and 0 is never used.
import numpy as np


def minibatches(n_samples, batch_size, shuffle=True):
    order = np.arange(1, n_samples + 1)
    if shuffle:
        np.random.shuffle(order)
    return [order[i : i + batch_size] for i in range(0, n_samples, batch_size)]

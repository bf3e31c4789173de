# expect: wrong_answer
# Indices from np.linspace are floats: NumPy refuses them as indices (X[batch] raises).
import numpy as np


def minibatches(n_samples, batch_size, shuffle=True):
    order = np.linspace(0, n_samples - 1, n_samples)
    if shuffle:
        np.random.shuffle(order)
    return [order[i : i + batch_size] for i in range(0, n_samples, batch_size)]

# expect: wrong_answer
# Ignores shuffle=False: the evaluation batches come out shuffled too.
import numpy as np


def minibatches(n_samples, batch_size, shuffle=True):
    order = np.random.permutation(n_samples)
    return [order[i : i + batch_size] for i in range(0, n_samples, batch_size)]

# expect: wrong_answer
# n_samples // batch_size + 1 batches: an empty last batch when batch_size divides n_samples.
import numpy as np


def minibatches(n_samples, batch_size, shuffle=True):
    order = np.random.permutation(n_samples) if shuffle else np.arange(n_samples)
    n_batches = n_samples // batch_size + 1
    return [order[i * batch_size : (i + 1) * batch_size] for i in range(n_batches)]

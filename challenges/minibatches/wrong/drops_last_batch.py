# expect: wrong_answer
# Only the full batches: range(n_samples // batch_size) drops the remainder (and returns no batch
# at all when batch_size > n_samples).
import numpy as np


def minibatches(n_samples, batch_size, shuffle=True):
    order = np.random.permutation(n_samples) if shuffle else np.arange(n_samples)
    return [order[i * batch_size : (i + 1) * batch_size] for i in range(n_samples // batch_size)]

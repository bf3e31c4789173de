# expect: wrong_answer
# Shuffles inside each batch only: a batch always holds the same samples.
import numpy as np


def minibatches(n_samples, batch_size, shuffle=True):
    order = np.arange(n_samples)
    batches = [order[i : i + batch_size].copy() for i in range(0, n_samples, batch_size)]
    if shuffle:
        for batch in batches:
            np.random.shuffle(batch)
    return batches

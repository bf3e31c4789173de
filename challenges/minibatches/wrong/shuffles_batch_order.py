# expect: wrong_answer
# Shuffles the order of the batches, not the samples: each batch is always the same samples.
import random

import numpy as np


def minibatches(n_samples, batch_size, shuffle=True):
    order = np.arange(n_samples)
    batches = [order[i : i + batch_size] for i in range(0, n_samples, batch_size)]
    if shuffle:
        random.shuffle(batches)
    return batches

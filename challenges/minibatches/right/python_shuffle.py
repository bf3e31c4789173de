# expect: accepted
# Python's random.shuffle on a list, each chunk made an array: correct, only slower.
import random

import numpy as np


def minibatches(n_samples, batch_size, shuffle=True):
    indices = list(range(n_samples))
    if shuffle:
        random.shuffle(indices)
    return [
        np.array(indices[i : i + batch_size], dtype=np.int64)
        for i in range(0, n_samples, batch_size)
    ]

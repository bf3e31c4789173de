# expect: wrong_answer
# A random starting point instead of a shuffle: every sample is equally likely at every position,
# but the order is a rotation of 0, 1, 2, ... and neighbours stay together.
import numpy as np


def minibatches(n_samples, batch_size, shuffle=True):
    order = np.arange(n_samples)
    if shuffle:
        order = np.roll(order, np.random.randint(n_samples))
    return [order[i : i + batch_size] for i in range(0, n_samples, batch_size)]

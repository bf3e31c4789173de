# expect: wrong_answer
# np.random.choice without replace=False: samples drawn with replacement, some twice, some never.
import numpy as np


def minibatches(n_samples, batch_size, shuffle=True):
    if shuffle:
        order = np.random.choice(n_samples, n_samples)
    else:
        order = np.arange(n_samples)
    return [order[i : i + batch_size] for i in range(0, n_samples, batch_size)]

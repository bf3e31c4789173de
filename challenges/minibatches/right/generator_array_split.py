# expect: accepted
# A module-level Generator shuffling in place, then np.array_split at the batch boundaries.
import numpy as np

rng = np.random.default_rng()


def minibatches(n_samples, batch_size, shuffle=True):
    indices = np.arange(n_samples)
    if shuffle:
        rng.shuffle(indices)
    return np.array_split(indices, range(batch_size, n_samples, batch_size))

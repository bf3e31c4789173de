# expect: wrong_answer
# Seeds the global generator inside the function "for reproducibility": the same order every call.
import numpy as np


def minibatches(n_samples, batch_size, shuffle=True):
    np.random.seed(0)
    order = np.random.permutation(n_samples) if shuffle else np.arange(n_samples)
    return [order[i : i + batch_size] for i in range(0, n_samples, batch_size)]

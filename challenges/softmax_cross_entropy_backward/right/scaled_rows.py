# expect: accepted
# The normalisation and the mean folded into one factor per row; the one-hot subtracted by
# fancy indexing of (row, target) pairs, already divided by N.
import numpy as np


def softmax_cross_entropy_backward(logits, targets):
    z = np.subtract(logits, np.max(logits, axis=-1)[:, None])
    e = np.exp(z)
    grad = e * (1.0 / (len(z) * e.sum(axis=-1)))[:, None]
    rows = np.arange(len(z))
    grad[rows, targets] -= 1.0 / len(z)
    return grad

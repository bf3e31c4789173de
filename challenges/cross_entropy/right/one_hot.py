# expect: accepted
# One-hot targets and a loop over the rows, each vectorised; a Python float.
import math

import numpy as np


def cross_entropy(logits, targets):
    n, c = logits.shape
    one_hot = np.zeros((n, c))
    one_hot[np.arange(n), targets] = 1.0
    total = 0.0
    for row, hot in zip(logits.astype(np.float64), one_hot, strict=True):
        m = row.max()
        log_probs = row - m - math.log(np.exp(row - m).sum())
        total -= float(hot @ log_probs)
    return total / n

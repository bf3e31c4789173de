# expect: accepted
# One row at a time in float64, each row vectorised: fast enough for a few thousand rows.
import numpy as np


def softmax_cross_entropy_backward(logits, targets):
    n = len(logits)
    grad = np.empty(np.shape(logits), dtype=np.float64)
    for i in range(n):
        row = np.asarray(logits[i], dtype=np.float64)
        e = np.exp(row - row.max())
        grad[i] = e / e.sum()
        grad[i, int(targets[i])] -= 1.0
    return grad / n

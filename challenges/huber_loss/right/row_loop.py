# expect: accepted
# A loop over the rows of the flattened residuals, each row vectorised with boolean masks, in the
# inputs' own floating precision (float32 stays float32); a running Python sum.
import numpy as np


def huber_loss(pred, target, delta=1.0):
    dtype = np.result_type(pred, target, np.float32)
    r = (pred.astype(dtype) - target.astype(dtype)).reshape(-1, pred.shape[-1] if pred.ndim else 1)
    n = r.size
    grad = np.empty_like(r)
    total = 0.0
    for i, row in enumerate(r):
        inside = np.abs(row) <= delta
        outside = ~inside
        total += 0.5 * float(np.sum(row[inside] ** 2))
        total += float(np.sum(delta * np.abs(row[outside]) - 0.5 * delta**2))
        grad[i, inside] = row[inside] / n
        grad[i, outside] = delta * np.sign(row[outside]) / n
    return total / n, grad.reshape(pred.shape)

# expect: wrong_answer
# delta as the gradient of the linear region, for residuals below -delta too: it is
# delta * sign(r).
import numpy as np


def huber_loss(pred, target, delta=1.0):
    r = np.asarray(pred, dtype=np.float64) - target
    small = np.abs(r) <= delta
    losses = np.where(small, 0.5 * r * r, delta * (np.abs(r) - 0.5 * delta))
    grad = np.where(small, r, delta) / r.size
    return float(losses.mean()), grad

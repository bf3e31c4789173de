# expect: wrong_answer
# r**2 in the quadratic region (and 2 r in its gradient): the Huber loss has 0.5 * r**2 there.
import numpy as np


def huber_loss(pred, target, delta=1.0):
    r = np.asarray(pred, dtype=np.float64) - target
    small = np.abs(r) <= delta
    losses = np.where(small, r * r, delta * (np.abs(r) - 0.5 * delta))
    grad = np.where(small, 2 * r, delta * np.sign(r)) / r.size
    return float(losses.mean()), grad

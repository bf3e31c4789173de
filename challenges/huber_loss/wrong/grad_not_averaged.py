# expect: wrong_answer
# The loss is the mean, but the gradient is each element's own derivative, not divided by the
# number of elements (right only for a single element).
import numpy as np


def huber_loss(pred, target, delta=1.0):
    r = np.asarray(pred, dtype=np.float64) - target
    small = np.abs(r) <= delta
    losses = np.where(small, 0.5 * r * r, delta * (np.abs(r) - 0.5 * delta))
    return float(losses.mean()), np.where(small, r, delta * np.sign(r))

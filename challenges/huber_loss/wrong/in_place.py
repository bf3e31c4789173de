# expect: wrong_answer
# Right values, but the residual is formed in the caller's array (pred -= target): the arguments
# must be left unchanged.
import numpy as np


def huber_loss(pred, target, delta=1.0):
    pred = np.asarray(pred, dtype=np.float64)
    r = pred
    r -= target
    small = np.abs(r) <= delta
    losses = np.where(small, 0.5 * r * r, delta * (np.abs(r) - 0.5 * delta))
    return float(losses.mean()), np.where(small, r, delta * np.sign(r)) / r.size

# expect: wrong_answer
# PyTorch's SmoothL1 with beta = delta (0.5 * r**2 / delta, |r| - 0.5 * delta): the Huber loss
# divided by delta, right only for delta = 1.
import numpy as np


def huber_loss(pred, target, delta=1.0):
    r = np.asarray(pred, dtype=np.float64) - target
    small = np.abs(r) <= delta
    losses = np.where(small, 0.5 * r * r / delta, np.abs(r) - 0.5 * delta)
    grad = np.where(small, r / delta, np.sign(r)) / r.size
    return float(losses.mean()), grad

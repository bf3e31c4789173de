# expect: wrong_answer
# delta * |r| in the linear region, without the - 0.5 * delta**2 that joins the two pieces (the
# gradient is right; the loss is too high by 0.5 * delta**2 per linear element).
import numpy as np


def huber_loss(pred, target, delta=1.0):
    r = np.asarray(pred, dtype=np.float64) - target
    small = np.abs(r) <= delta
    losses = np.where(small, 0.5 * r * r, delta * np.abs(r))
    grad = np.where(small, r, delta * np.sign(r)) / r.size
    return float(losses.mean()), grad

import numpy as np


def huber_loss(pred, target, delta=1.0):
    # float64 copies: the arguments are left unchanged, and integer inputs give float results.
    r = np.asarray(pred, dtype=np.float64) - np.asarray(target, dtype=np.float64)
    size = np.abs(r)
    small = size <= delta  # the quadratic region; both pieces agree at |r| == delta
    losses = np.where(small, 0.5 * r * r, delta * (size - 0.5 * delta))
    # d/dr: r inside, delta * sign(r) outside; the mean divides every term by the element count.
    grad = np.where(small, r, delta * np.sign(r)) / r.size
    return float(losses.mean()), grad

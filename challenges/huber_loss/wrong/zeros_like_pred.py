# expect: wrong_answer
# np.zeros_like(pred) for the gradient: for integer inputs it is an integer array, and the
# fractions written into it are truncated.
import numpy as np


def huber_loss(pred, target, delta=1.0):
    r = pred - target
    small = np.abs(r) <= delta
    loss = np.mean(np.where(small, 0.5 * r * r, delta * (np.abs(r) - 0.5 * delta)))
    grad = np.zeros_like(pred)
    grad[small] = r[small] / r.size
    grad[~small] = delta * np.sign(r[~small]) / r.size
    return float(loss), grad

# expect: runtime_error
# Right formula, but the third parameter is named d: a call with delta=... by name fails (the
# statement's parameter names are part of the interface).
import numpy as np


def huber_loss(pred, target, d=1.0):
    r = np.asarray(pred, dtype=np.float64) - target
    small = np.abs(r) <= d
    losses = np.where(small, 0.5 * r * r, d * (np.abs(r) - 0.5 * d))
    return float(losses.mean()), np.where(small, r, d * np.sign(r)) / r.size

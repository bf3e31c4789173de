# expect: accepted
# The gradient is the residual clipped to [-delta, delta]; the loss is the clipped part's square
# plus delta times what was clipped off: 0.5 * c**2 + delta * (|r| - |c|). A 0-d array.
import numpy as np


def huber_loss(pred, target, delta=1.0):
    r = np.subtract(pred, target, dtype=np.float64)
    c = np.clip(r, -delta, delta)
    loss = np.mean(0.5 * c * c + delta * (np.abs(r) - np.abs(c)))
    return np.asarray(loss), c / r.size

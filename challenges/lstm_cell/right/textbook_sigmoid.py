# expect: accepted
# One product of [x, h] with the stacked weights [W; U], and the textbook sigmoid: exp(-z)
# overflows to inf for z below about -709 (NumPy warns), but 1 / (1 + inf) is exactly 0, not NaN.
import numpy as np


def lstm_cell(x, h, c, W, U, b):
    hidden = h.shape[1]
    z = np.concatenate([x, h], axis=1) @ np.concatenate([W, U], axis=0) + b
    i = 1 / (1 + np.exp(-z[:, :hidden]))
    f = 1 / (1 + np.exp(-z[:, hidden : 2 * hidden]))
    g = np.tanh(z[:, 2 * hidden : 3 * hidden])
    o = 1 / (1 + np.exp(-z[:, 3 * hidden :]))
    c_next = f * c + i * g
    return o * np.tanh(c_next), c_next

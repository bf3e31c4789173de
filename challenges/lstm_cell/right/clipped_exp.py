# expect: accepted
# Clips the pre-activations before exp (sigmoid(+-500) is 1, or 1e-217, to float64 precision),
# works on float64 copies, and reshapes z to (N, 4, H) to pick the gates.
import numpy as np


def lstm_cell(x, h, c, W, U, b):
    n, hidden = c.shape
    z = np.dot(x.astype(np.float64), W) + np.dot(h.astype(np.float64), U) + b
    gates = z.reshape(n, 4, hidden)
    s = 1.0 / (1.0 + np.exp(-np.clip(gates, -500.0, 500.0)))
    i, f, o = s[:, 0], s[:, 1], s[:, 3]
    g = np.tanh(gates[:, 2])
    c_next = f * c.astype(np.float64) + i * g
    return o * np.tanh(c_next), c_next

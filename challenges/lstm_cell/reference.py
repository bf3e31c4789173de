import numpy as np


def _sigmoid(z):
    # exp of a non-positive number only: never overflows, and no inf / inf for large |z|.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def lstm_cell(x, h, c, W, U, b):
    z = x @ W + h @ U + b
    i, f, g, o = np.split(z, 4, axis=1)  # gate order i, f, g, o
    i, f, o, g = _sigmoid(i), _sigmoid(f), _sigmoid(o), np.tanh(g)
    c_next = f * c + i * g
    h_next = o * np.tanh(c_next)
    return h_next, c_next

# expect: wrong_answer
# The right values, but computed by updating the caller's c in place (c *= f; c += i * g):
# the arguments must be left unchanged.
import numpy as np


def lstm_cell(x, h, c, W, U, b):
    z = x @ W + h @ U + b
    i, f, g, o = np.split(z, 4, axis=1)
    i, f, o, g = 1 / (1 + np.exp(-i)), 1 / (1 + np.exp(-f)), 1 / (1 + np.exp(-o)), np.tanh(g)
    c *= f
    c += i * g
    return o * np.tanh(c), c.copy()

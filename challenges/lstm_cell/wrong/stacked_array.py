# expect: wrong_answer
# Returns one (2, N, H) array, np.stack([h_next, c_next]), where a tuple of two is asked for.
import numpy as np


def lstm_cell(x, h, c, W, U, b):
    z = x @ W + h @ U + b
    i, f, g, o = np.split(z, 4, axis=1)
    i, f, o, g = 1 / (1 + np.exp(-i)), 1 / (1 + np.exp(-f)), 1 / (1 + np.exp(-o)), np.tanh(g)
    c_next = f * c + i * g
    return np.stack([o * np.tanh(c_next), c_next])

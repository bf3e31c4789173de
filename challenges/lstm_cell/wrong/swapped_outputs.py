# expect: wrong_answer
# Returns (c_next, h_next): the right arrays in the wrong order.
import numpy as np


def lstm_cell(x, h, c, W, U, b):
    z = x @ W + h @ U + b
    i, f, g, o = np.split(z, 4, axis=1)
    i, f, o, g = 1 / (1 + np.exp(-i)), 1 / (1 + np.exp(-f)), 1 / (1 + np.exp(-o)), np.tanh(g)
    c_next = f * c + i * g
    return c_next, o * np.tanh(c_next)

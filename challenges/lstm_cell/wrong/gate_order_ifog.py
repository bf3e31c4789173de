# expect: wrong_answer
# Splits z in the order i, f, o, g (another common convention) where the statement says i, f, g, o.
import numpy as np


def lstm_cell(x, h, c, W, U, b):
    z = x @ W + h @ U + b
    i, f, o, g = np.split(z, 4, axis=1)
    i, f, o, g = 1 / (1 + np.exp(-i)), 1 / (1 + np.exp(-f)), 1 / (1 + np.exp(-o)), np.tanh(g)
    c_next = f * c + i * g
    return o * np.tanh(c_next), c_next

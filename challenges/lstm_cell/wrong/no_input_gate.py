# expect: wrong_answer
# c_next = f * c + g: adds the candidate without the input gate.
import numpy as np


def lstm_cell(x, h, c, W, U, b):
    z = x @ W + h @ U + b
    _, f, g, o = np.split(z, 4, axis=1)
    f, o, g = 1 / (1 + np.exp(-f)), 1 / (1 + np.exp(-o)), np.tanh(g)
    c_next = f * c + g
    return o * np.tanh(c_next), c_next

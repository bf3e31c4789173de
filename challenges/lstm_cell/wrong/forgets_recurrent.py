# expect: wrong_answer
# z = x @ W + b: leaves out the recurrent term h @ U (right only at the first step, h = 0).
import numpy as np


def lstm_cell(x, h, c, W, U, b):
    z = x @ W + b
    i, f, g, o = np.split(z, 4, axis=1)
    i, f, o, g = 1 / (1 + np.exp(-i)), 1 / (1 + np.exp(-f)), 1 / (1 + np.exp(-o)), np.tanh(g)
    c_next = f * c + i * g
    return o * np.tanh(c_next), c_next

# expect: wrong_answer
# A sigmoid on every gate, the candidate g included: g must be tanh, in (-1, 1).
import numpy as np


def lstm_cell(x, h, c, W, U, b):
    z = x @ W + h @ U + b
    i, f, g, o = np.split(1 / (1 + np.exp(-z)), 4, axis=1)
    c_next = f * c + i * g
    return o * np.tanh(c_next), c_next

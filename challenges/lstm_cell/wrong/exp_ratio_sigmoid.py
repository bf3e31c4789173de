# expect: wrong_answer
# sigmoid as exp(z) / (1 + exp(z)): inf / inf is NaN once a pre-activation passes about 709.
import numpy as np


def lstm_cell(x, h, c, W, U, b):
    def sigmoid(t):
        return np.exp(t) / (1 + np.exp(t))

    z = x @ W + h @ U + b
    i, f, g, o = np.split(z, 4, axis=1)
    c_next = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    return sigmoid(o) * np.tanh(c_next), c_next

# expect: accepted
# Each gate from its own slices of W, U and b; sigmoid(t) = (1 + tanh(t / 2)) / 2, which never
# overflows.
import numpy as np


def sigmoid(t):
    return 0.5 * (1.0 + np.tanh(0.5 * t))


def lstm_cell(x, h, c, W, U, b):
    size = U.shape[0]

    def gate(k):
        cols = slice(k * size, (k + 1) * size)
        return x @ W[:, cols] + h @ U[:, cols] + b[cols]

    i, f, g, o = sigmoid(gate(0)), sigmoid(gate(1)), np.tanh(gate(2)), sigmoid(gate(3))
    c_next = f * c + i * g
    h_next = o * np.tanh(c_next)
    return (h_next, c_next)

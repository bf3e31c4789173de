# expect: accepted
# Each gate from its own slices of W, U and the biases; sigmoid(t) = (1 + tanh(t / 2)) / 2, which
# never overflows; h_next written as n + z * (h - n).
import numpy as np


def sigmoid(t):
    return 0.5 * (1.0 + np.tanh(0.5 * t))


def gru_cell(x, h, W, U, b_w, b_u):
    size = U.shape[0]

    def part(k):
        cols = slice(k * size, (k + 1) * size)
        return x @ W[:, cols] + b_w[cols], h @ U[:, cols] + b_u[cols]

    (xr, hr), (xz, hz), (xn, hn) = part(0), part(1), part(2)
    r = sigmoid(xr + hr)
    z = sigmoid(xz + hz)
    n = np.tanh(xn + r * hn)
    return n + z * (h - n)

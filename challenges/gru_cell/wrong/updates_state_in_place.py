# expect: wrong_answer
# The right values, but computed by updating the caller's h in place (h *= z; h += (1 - z) * n):
# the arguments must be left unchanged.
import numpy as np


def gru_cell(x, h, W, U, b_w, b_u):
    gx = x @ W + b_w
    gh = h @ U + b_u
    x_r, x_z, x_n = np.split(gx, 3, axis=1)
    h_r, h_z, h_n = np.split(gh, 3, axis=1)
    r = 1 / (1 + np.exp(-(x_r + h_r)))
    z = 1 / (1 + np.exp(-(x_z + h_z)))
    n = np.tanh(x_n + r * h_n)
    h *= z
    h += (1 - z) * n
    return h.copy()

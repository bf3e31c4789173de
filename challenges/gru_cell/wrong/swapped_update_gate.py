# expect: wrong_answer
# h_next = z * n + (1 - z) * h: the update gate's other convention, where the statement (and
# PyTorch) keep z of the old state: (1 - z) * n + z * h.
import numpy as np


def gru_cell(x, h, W, U, b_w, b_u):
    size = U.shape[0]
    gx = x @ W + b_w
    gh = h @ U + b_u
    r = 1 / (1 + np.exp(-(gx[:, :size] + gh[:, :size])))
    z = 1 / (1 + np.exp(-(gx[:, size : 2 * size] + gh[:, size : 2 * size])))
    n = np.tanh(gx[:, 2 * size :] + r * gh[:, 2 * size :])
    return z * n + (1 - z) * h

# expect: wrong_answer
# A sigmoid on the candidate n as on the gates: n must be tanh, in (-1, 1).
import numpy as np


def gru_cell(x, h, W, U, b_w, b_u):
    gx = x @ W + b_w
    gh = h @ U + b_u
    x_r, x_z, x_n = np.split(gx, 3, axis=1)
    h_r, h_z, h_n = np.split(gh, 3, axis=1)
    r = 1 / (1 + np.exp(-(x_r + h_r)))
    z = 1 / (1 + np.exp(-(x_z + h_z)))
    n = 1 / (1 + np.exp(-(x_n + r * h_n)))
    return (1 - z) * n + z * h

# expect: wrong_answer
# Splits the columns in the order z, r, n (Keras' order) where the statement says r, z, n.
import numpy as np


def gru_cell(x, h, W, U, b_w, b_u):
    gx = x @ W + b_w
    gh = h @ U + b_u
    x_z, x_r, x_n = np.split(gx, 3, axis=1)
    h_z, h_r, h_n = np.split(gh, 3, axis=1)
    r = 1 / (1 + np.exp(-(x_r + h_r)))
    z = 1 / (1 + np.exp(-(x_z + h_z)))
    n = np.tanh(x_n + r * h_n)
    return (1 - z) * n + z * h

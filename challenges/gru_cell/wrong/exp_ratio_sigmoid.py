# expect: wrong_answer
# sigmoid as exp(t) / (1 + exp(t)): inf / inf is NaN once a pre-activation passes about 709.
import numpy as np


def gru_cell(x, h, W, U, b_w, b_u):
    def sigmoid(t):
        return np.exp(t) / (1 + np.exp(t))

    gx = x @ W + b_w
    gh = h @ U + b_u
    x_r, x_z, x_n = np.split(gx, 3, axis=1)
    h_r, h_z, h_n = np.split(gh, 3, axis=1)
    r, z = sigmoid(x_r + h_r), sigmoid(x_z + h_z)
    n = np.tanh(x_n + r * h_n)
    return (1 - z) * n + z * h

# expect: wrong_answer
# The candidate of the original GRU paper (Keras' reset_after=False): n = tanh(x W_n + b_wn +
# (r * h) @ U_n + b_un). PyTorch applies r after the product: r * (h @ U_n + b_un).
import numpy as np


def gru_cell(x, h, W, U, b_w, b_u):
    size = U.shape[0]
    gx = x @ W + b_w
    gh = h @ U + b_u
    r = 1 / (1 + np.exp(-(gx[:, :size] + gh[:, :size])))
    z = 1 / (1 + np.exp(-(gx[:, size : 2 * size] + gh[:, size : 2 * size])))
    n = np.tanh(gx[:, 2 * size :] + (r * h) @ U[:, 2 * size :] + b_u[2 * size :])
    return (1 - z) * n + z * h

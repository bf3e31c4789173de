# expect: wrong_answer
# n = tanh(x W_n + b_wn + r * (h @ U_n) + b_un): the recurrent bias b_un left outside the reset
# gate, as if the two biases could be added together; PyTorch gates it: r * (h @ U_n + b_un).
import numpy as np


def gru_cell(x, h, W, U, b_w, b_u):
    size = U.shape[0]
    b = b_w + b_u
    gx = x @ W
    gh = h @ U
    r = 1 / (1 + np.exp(-(gx[:, :size] + gh[:, :size] + b[:size])))
    z = 1 / (1 + np.exp(-(gx[:, size : 2 * size] + gh[:, size : 2 * size] + b[size : 2 * size])))
    n = np.tanh(gx[:, 2 * size :] + r * gh[:, 2 * size :] + b[2 * size :])
    return (1 - z) * n + z * h

# expect: accepted
# One product of [x, h] with the block matrix [[W_rz, W_n, 0], [U_rz, 0, U_n]], float64 copies and
# the textbook sigmoid: exp(-z) overflows to inf for z below about -709 (NumPy warns), but
# 1 / (1 + inf) is exactly 0, not NaN.
import numpy as np


def gru_cell(x, h, W, U, b_w, b_u):
    x, h = np.asarray(x, dtype=np.float64), np.asarray(h, dtype=np.float64)
    d, size = W.shape[0], U.shape[0]
    big = np.zeros((d + size, 4 * size))
    big[:d, : 2 * size] = W[:, : 2 * size]
    big[d:, : 2 * size] = U[:, : 2 * size]
    big[:d, 2 * size : 3 * size] = W[:, 2 * size :]
    big[d:, 3 * size :] = U[:, 2 * size :]
    bias = np.concatenate([b_w[: 2 * size] + b_u[: 2 * size], b_w[2 * size :], b_u[2 * size :]])
    g = np.concatenate([x, h], axis=1) @ big + bias
    rz = 1 / (1 + np.exp(-g[:, : 2 * size]))
    r, z = rz[:, :size], rz[:, size:]
    n = np.tanh(g[:, 2 * size : 3 * size] + r * g[:, 3 * size :])
    return (1 - z) * n + z * h

import numpy as np


def _sigmoid(z):
    # exp of a non-positive number only: never overflows, and no inf / inf for large |z|.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def gru_cell(x, h, W, U, b_w, b_u):
    # As torch.nn.GRUCell: the input and recurrent parts kept apart, because the reset gate
    # multiplies the recurrent part of the candidate, its bias included.
    gx = x @ W + b_w  # (N, 3H): blocks r, z, n
    gh = h @ U + b_u
    x_r, x_z, x_n = np.split(gx, 3, axis=1)
    h_r, h_z, h_n = np.split(gh, 3, axis=1)
    r = _sigmoid(x_r + h_r)
    z = _sigmoid(x_z + h_z)
    n = np.tanh(x_n + r * h_n)
    return (1 - z) * n + z * h

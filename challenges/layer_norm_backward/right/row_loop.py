# expect: accepted
# One row at a time in float64, each row vectorised; gamma's and beta's gradients accumulated.
import numpy as np


def layer_norm_backward(x, gamma, grad_out, eps=1e-5):
    d = np.shape(x)[-1]
    xs = np.asarray(x, dtype=np.float64).reshape(-1, d)
    gs = np.asarray(grad_out, dtype=np.float64).reshape(-1, d)
    gamma = np.asarray(gamma, dtype=np.float64)
    dx = np.empty_like(xs)
    dgamma = np.zeros(d)
    dbeta = np.zeros(d)
    for i in range(len(xs)):
        row, g = xs[i], gs[i]
        centred = row - row.mean()
        inv_std = 1.0 / np.sqrt(centred @ centred / d + eps)
        xhat = centred * inv_std
        dgamma += g * xhat
        dbeta += g
        dxhat = g * gamma
        dx[i] = inv_std * (dxhat - dxhat.mean() - xhat * (dxhat @ xhat) / d)
    return dx.reshape(np.shape(x)), dgamma, dbeta

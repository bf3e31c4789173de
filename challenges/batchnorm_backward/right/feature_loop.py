# expect: accepted
# One feature (column) at a time, in plain float64 scalars and vectors: the gradient through the
# mean and the variance written with N explicitly.
import numpy as np


def batchnorm_backward(x, gamma, grad_out, eps=1e-5):
    n, d = x.shape
    dx = np.empty((n, d))
    dgamma = np.empty(d)
    dbeta = np.empty(d)
    for j in range(d):
        column = x[:, j].astype(np.float64)
        g = grad_out[:, j].astype(np.float64)
        centred = column - column.mean()
        std = np.sqrt(np.dot(centred, centred) / n + eps)
        x_hat = centred / std
        dbeta[j] = g.sum()
        dgamma[j] = np.dot(g, x_hat)
        dx[:, j] = float(gamma[j]) / (n * std) * (n * g - dbeta[j] - x_hat * dgamma[j])
    return dx, dgamma, dbeta

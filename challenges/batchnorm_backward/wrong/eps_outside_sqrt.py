# expect: wrong_answer
# Adds eps after the square root: sqrt(var) + eps. Features whose variance is far below eps
# (constant ones, spreads of 1e-4) show it most.
import numpy as np


def batchnorm_backward(x, gamma, grad_out, eps=1e-5):
    n = x.shape[0]
    std = np.sqrt(x.var(axis=0)) + eps
    x_hat = (x - x.mean(axis=0)) / std
    d_hat = grad_out * gamma
    dx = (n * d_hat - d_hat.sum(axis=0) - x_hat * (d_hat * x_hat).sum(axis=0)) / (n * std)
    return dx, (grad_out * x_hat).sum(axis=0), grad_out.sum(axis=0)

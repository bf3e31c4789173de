# expect: wrong_answer
# Uses the unbiased variance (dividing by N - 1), where training-mode batch normalisation
# normalises with the biased one; with one row it divides by zero.
import numpy as np


def batchnorm_backward(x, gamma, grad_out, eps=1e-5):
    n = x.shape[0]
    std = np.sqrt(x.var(axis=0, ddof=1) + eps)
    x_hat = (x - x.mean(axis=0)) / std
    d_hat = grad_out * gamma
    dx = (n * d_hat - d_hat.sum(axis=0) - x_hat * (d_hat * x_hat).sum(axis=0)) / (n * std)
    return dx, (grad_out * x_hat).sum(axis=0), grad_out.sum(axis=0)

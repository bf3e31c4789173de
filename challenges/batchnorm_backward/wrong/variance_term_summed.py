# expect: wrong_answer
# Averages the mean's term but sums the variance's: x_hat * sum(d_hat * x_hat) where the mean
# over the batch belongs (a lost 1 / N).
import numpy as np


def batchnorm_backward(x, gamma, grad_out, eps=1e-5):
    std = np.sqrt(x.var(axis=0) + eps)
    x_hat = (x - x.mean(axis=0)) / std
    d_hat = grad_out * gamma
    dx = (d_hat - d_hat.mean(axis=0) - x_hat * (d_hat * x_hat).sum(axis=0)) / std
    return dx, (grad_out * x_hat).sum(axis=0), grad_out.sum(axis=0)

# expect: accepted
# Works in the inputs' own precision (float32 stays float32), with np.var for the biased
# variance and the gradient with respect to x_hat projected off its mean and off x_hat.
import numpy as np


def batchnorm_backward(x, gamma, grad_out, eps=1e-5):
    mean = x.mean(axis=0, keepdims=True)
    std = np.sqrt(x.var(axis=0, keepdims=True) + np.asarray(eps, dtype=x.dtype))
    x_hat = (x - mean) / std
    d_hat = grad_out * gamma
    dx = (d_hat - d_hat.mean(axis=0) - x_hat * (d_hat * x_hat).mean(axis=0)) / std
    return dx, (grad_out * x_hat).sum(axis=0), grad_out.sum(axis=0)

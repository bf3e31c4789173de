# expect: wrong_answer
# The variance as mean(x**2) - mean(x)**2: right on paper, but on features of mean 1e4 and
# spread 1e-2 the difference of two numbers near 1e8 keeps almost none of its digits.
import numpy as np


def batchnorm_backward(x, gamma, grad_out, eps=1e-5):
    n = x.shape[0]
    mean = x.mean(axis=0)
    var = (x**2).mean(axis=0) - mean**2
    std = np.sqrt(var + eps)
    x_hat = (x - mean) / std
    d_hat = grad_out * gamma
    dx = (n * d_hat - d_hat.sum(axis=0) - x_hat * (d_hat * x_hat).sum(axis=0)) / (n * std)
    return dx, (grad_out * x_hat).sum(axis=0), grad_out.sum(axis=0)

# expect: wrong_answer
# Right values, but dgamma and dbeta keep the summed axis: shape (1, D), not gamma's (D,).
import numpy as np


def batchnorm_backward(x, gamma, grad_out, eps=1e-5):
    std = np.sqrt(x.var(axis=0, keepdims=True) + eps)
    x_hat = (x - x.mean(axis=0, keepdims=True)) / std
    d_hat = grad_out * gamma
    dx = (
        d_hat
        - d_hat.mean(axis=0, keepdims=True)
        - x_hat * (d_hat * x_hat).mean(axis=0, keepdims=True)
    ) / std
    dgamma = (grad_out * x_hat).sum(axis=0, keepdims=True)
    return dx, dgamma, grad_out.sum(axis=0, keepdims=True)

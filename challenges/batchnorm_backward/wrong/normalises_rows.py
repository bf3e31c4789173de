# expect: wrong_answer
# Layer normalisation's statistics: each row normalised over its features (axis 1), not each
# feature over the batch.
import numpy as np


def batchnorm_backward(x, gamma, grad_out, eps=1e-5):
    d = x.shape[1]
    std = np.sqrt(x.var(axis=1, keepdims=True) + eps)
    x_hat = (x - x.mean(axis=1, keepdims=True)) / std
    d_hat = grad_out * gamma
    dx = (
        d * d_hat
        - d_hat.sum(axis=1, keepdims=True)
        - x_hat * (d_hat * x_hat).sum(axis=1, keepdims=True)
    ) / (d * std)
    return dx, (grad_out * x_hat).sum(axis=0), grad_out.sum(axis=0)

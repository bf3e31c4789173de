# expect: wrong_answer
# Treats the batch mean and variance as constants: dx = grad_out * gamma / std, forgetting that
# every row moves the mean and the variance (the inference-mode gradient).
import numpy as np


def batchnorm_backward(x, gamma, grad_out, eps=1e-5):
    std = np.sqrt(x.var(axis=0) + eps)
    x_hat = (x - x.mean(axis=0)) / std
    return grad_out * gamma / std, (grad_out * x_hat).sum(axis=0), grad_out.sum(axis=0)

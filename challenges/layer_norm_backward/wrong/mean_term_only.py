# expect: wrong_answer
# Keeps the mean's term of dx but drops the variance's: (dxhat - mean(dxhat)) / std.
import numpy as np


def layer_norm_backward(x, gamma, grad_out, eps=1e-5):
    d = x.shape[-1]
    centred = x - x.mean(axis=-1, keepdims=True)
    std = np.sqrt(centred.var(axis=-1, keepdims=True) + eps)
    xhat = centred / std
    dxhat = grad_out * gamma
    dx = (dxhat - dxhat.mean(axis=-1, keepdims=True)) / std
    g = grad_out.reshape(-1, d)
    return dx, (g * xhat.reshape(-1, d)).sum(axis=0), g.sum(axis=0)

# expect: wrong_answer
# Batch norm's backward: the statistics over axis 0 (the batch) instead of over the features.
import numpy as np


def layer_norm_backward(x, gamma, grad_out, eps=1e-5):
    d = x.shape[-1]
    xs = x.reshape(-1, d)
    g = grad_out.reshape(-1, d)
    centred = xs - xs.mean(axis=0)
    std = np.sqrt(centred.var(axis=0) + eps)
    xhat = centred / std
    dxhat = g * gamma
    dx = (dxhat - dxhat.mean(axis=0) - xhat * (dxhat * xhat).mean(axis=0)) / std
    return dx.reshape(x.shape), (g * xhat).sum(axis=0), g.sum(axis=0)

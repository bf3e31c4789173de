# expect: wrong_answer
# The variance with ddof=1 (divide by D - 1): layer norm's forward uses the biased one.
import numpy as np


def layer_norm_backward(x, gamma, grad_out, eps=1e-5):
    d = x.shape[-1]
    centred = x - x.mean(axis=-1, keepdims=True)
    std = np.sqrt(x.var(axis=-1, ddof=1, keepdims=True) + eps)
    xhat = centred / std
    dxhat = grad_out * gamma
    dx = (
        dxhat
        - dxhat.mean(axis=-1, keepdims=True)
        - xhat * (dxhat * xhat).mean(axis=-1, keepdims=True)
    ) / std
    g = grad_out.reshape(-1, d)
    return dx, (g * xhat.reshape(-1, d)).sum(axis=0), g.sum(axis=0)

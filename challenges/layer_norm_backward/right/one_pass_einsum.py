# expect: accepted
# The one-pass variance mean(x**2) - mean(x)**2 (less accurate on rows far from 0, within the
# tolerance) and the compact formula written as D * dxhat - sum(dxhat) - xhat * sum(dxhat * xhat),
# with einsum summing over the rows.
import numpy as np


def layer_norm_backward(x, gamma, grad_out, eps=1e-5):
    d = x.shape[-1]
    mean = x.mean(axis=-1, keepdims=True)
    var = (x * x).mean(axis=-1, keepdims=True) - mean * mean
    inv_std = 1.0 / np.sqrt(np.maximum(var, 0.0) + eps)
    xhat = (x - mean) * inv_std
    g_rows = grad_out.reshape(-1, d)
    dgamma = np.einsum("nd,nd->d", g_rows, xhat.reshape(-1, d))
    dbeta = np.einsum("nd->d", g_rows)
    dxhat = grad_out * gamma
    total = dxhat.sum(axis=-1, keepdims=True)
    projected = (dxhat * xhat).sum(axis=-1, keepdims=True)
    dx = inv_std / d * (d * dxhat - total - xhat * projected)
    return dx, dgamma, dbeta

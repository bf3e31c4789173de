# expect: accepted
# The staged chain rule of the computational graph (through dvar and dmu, as in cs231n), on the
# rows flattened to 2-D, in the inputs' own dtype.
import numpy as np


def layer_norm_backward(x, gamma, grad_out, eps=1e-5):
    d = x.shape[-1]
    xs = x.reshape(-1, d)
    g = grad_out.reshape(-1, d)
    mu = xs.mean(axis=1, keepdims=True)
    xmu = xs - mu
    var = (xmu**2).mean(axis=1, keepdims=True)
    std = np.sqrt(var + eps)
    xhat = xmu / std
    dgamma = (g * xhat).sum(axis=0)
    dbeta = g.sum(axis=0)
    dxhat = g * gamma
    dvar = (dxhat * xmu).sum(axis=1, keepdims=True) * -0.5 * std**-3
    dmu = -dxhat.sum(axis=1, keepdims=True) / std + dvar * (-2.0 * xmu).mean(axis=1, keepdims=True)
    dx = dxhat / std + dvar * 2.0 * xmu / d + dmu / d
    return dx.reshape(x.shape), dgamma, dbeta

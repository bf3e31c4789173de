# expect: wrong_answer
# Right values, but x is centred and normalised in the caller's array to save memory: the inputs
# must not be modified.
import numpy as np


def layer_norm_backward(x, gamma, grad_out, eps=1e-5):
    d = x.shape[-1]
    x -= x.mean(axis=-1, keepdims=True)
    inv_std = 1.0 / np.sqrt((x * x).mean(axis=-1, keepdims=True) + eps)
    x *= inv_std  # x is now x_hat
    dxhat = grad_out * gamma
    dx = inv_std * (
        dxhat - dxhat.mean(axis=-1, keepdims=True) - x * (dxhat * x).mean(axis=-1, keepdims=True)
    )
    g = grad_out.reshape(-1, d)
    return dx, (g * x.reshape(-1, d)).sum(axis=0), g.sum(axis=0)

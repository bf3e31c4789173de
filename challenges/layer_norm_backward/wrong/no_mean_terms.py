# expect: wrong_answer
# dx = grad_out * gamma / std: treats the row's mean and variance as constants, as if they did
# not depend on x.
import numpy as np


def layer_norm_backward(x, gamma, grad_out, eps=1e-5):
    d = x.shape[-1]
    centred = x - x.mean(axis=-1, keepdims=True)
    std = np.sqrt(centred.var(axis=-1, keepdims=True) + eps)
    xhat = centred / std
    g = grad_out.reshape(-1, d)
    return grad_out * gamma / std, (g * xhat.reshape(-1, d)).sum(axis=0), g.sum(axis=0)

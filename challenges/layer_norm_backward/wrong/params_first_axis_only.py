# expect: wrong_answer
# dgamma and dbeta summed over axis 0 only: right for a 2-D batch, the wrong shape for a vector
# or a (B, T, D) batch, whose every leading position shares gamma and beta.
import numpy as np


def layer_norm_backward(x, gamma, grad_out, eps=1e-5):
    centred = x - x.mean(axis=-1, keepdims=True)
    std = np.sqrt(centred.var(axis=-1, keepdims=True) + eps)
    xhat = centred / std
    dxhat = grad_out * gamma
    dx = (
        dxhat
        - dxhat.mean(axis=-1, keepdims=True)
        - xhat * (dxhat * xhat).mean(axis=-1, keepdims=True)
    ) / std
    return dx, (grad_out * xhat).sum(axis=0), grad_out.sum(axis=0)

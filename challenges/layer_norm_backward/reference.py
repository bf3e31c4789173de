import numpy as np


def layer_norm_backward(x, gamma, grad_out, eps=1e-5):
    x = np.asarray(x)
    dtype = np.result_type(x, gamma, grad_out, np.float32)  # float32 stays float32, else float64
    d = x.shape[-1]
    z = x.astype(np.float64)
    g = np.asarray(grad_out, dtype=np.float64)
    # The forward, two passes: biased variance, eps inside the square root.
    centred = z - z.mean(axis=-1, keepdims=True)
    inv_std = 1.0 / np.sqrt((centred * centred).sum(axis=-1, keepdims=True) / d + eps)
    xhat = centred * inv_std
    # gamma and beta are shared by every row: their gradients sum over all the leading axes.
    rows = g.reshape(-1, d)
    dgamma = (rows * xhat.reshape(-1, d)).sum(axis=0)
    dbeta = rows.sum(axis=0)
    # Through the normalisation: the mean and the variance depend on every entry of the row.
    dxhat = g * np.asarray(gamma, dtype=np.float64)
    dx = inv_std * (
        dxhat
        - dxhat.mean(axis=-1, keepdims=True)
        - xhat * (dxhat * xhat).mean(axis=-1, keepdims=True)
    )
    return dx.astype(dtype), dgamma.astype(dtype), dbeta.astype(dtype)

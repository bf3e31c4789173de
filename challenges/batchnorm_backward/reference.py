import numpy as np


def batchnorm_backward(x, gamma, grad_out, eps=1e-5):
    # Computed in float64, returned in the precision of the inputs.
    dtype = np.result_type(x, gamma, grad_out)
    x = np.asarray(x, dtype=np.float64)
    g = np.asarray(grad_out, dtype=np.float64)
    mean = x.mean(axis=0)
    centred = x - mean
    inv_std = 1.0 / np.sqrt(np.mean(centred**2, axis=0) + eps)  # biased variance, eps inside
    x_hat = centred * inv_std
    dbeta = g.sum(axis=0)
    dgamma = (g * x_hat).sum(axis=0)
    # d out / d x through x_hat, the batch mean and the batch variance together:
    # dx = gamma / std * (g - mean(g) - x_hat * mean(g * x_hat)), column by column.
    dx = (gamma * inv_std) * (g - dbeta / len(x) - x_hat * (dgamma / len(x)))
    return tuple(part.astype(dtype, copy=False) for part in (dx, dgamma, dbeta))

# expect: accepted
# Folds gamma into one scale and shift per feature: out = x * scale + shift, with
# scale = gamma / sqrt(var + eps); the statistics chosen first, then one expression.
import numpy as np


def batchnorm_forward(x, gamma, beta, running_mean, running_var, training, momentum=0.9, eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    if training:
        mean = x.mean(axis=0)
        var = np.square(x - mean).mean(axis=0)
        updated = (
            momentum * running_mean + (1.0 - momentum) * mean,
            momentum * running_var + (1.0 - momentum) * var,
        )
    else:
        mean, var = running_mean, running_var
        updated = (running_mean.copy(), running_var.copy())
    scale = gamma / np.sqrt(var + eps)
    shift = beta - mean * scale
    return (x * scale + shift, *updated)

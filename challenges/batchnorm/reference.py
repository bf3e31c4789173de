import numpy as np


def batchnorm_forward(x, gamma, beta, running_mean, running_var, training, momentum=0.9, eps=1e-5):
    # Computed in float64, returned in the precision of the inputs.
    dtype = np.result_type(x, gamma, beta, running_mean, running_var)
    x64 = np.asarray(x, dtype=np.float64)
    running_mean64 = np.asarray(running_mean, dtype=np.float64)
    running_var64 = np.asarray(running_var, dtype=np.float64)
    if training:
        mean = x64.mean(axis=0)
        var = x64.var(axis=0)  # biased: divides by N
        new_mean = momentum * running_mean64 + (1 - momentum) * mean
        new_var = momentum * running_var64 + (1 - momentum) * var
    else:
        mean, var = running_mean64, running_var64
        new_mean, new_var = running_mean64.copy(), running_var64.copy()
    # In place on one array of x's size: the benchmark's x is 34 MB.
    out = x64 - mean
    out *= gamma / np.sqrt(var + eps)
    out += beta
    return tuple(part.astype(dtype, copy=False) for part in (out, new_mean, new_var))

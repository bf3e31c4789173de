# expect: accepted
# One loop over the features, each a vectorised column; sums written out; copies of the running
# statistics updated element by element (the caller's arrays untouched).
import numpy as np


def batchnorm_forward(x, gamma, beta, running_mean, running_var, training, momentum=0.9, eps=1e-5):
    n, d = x.shape
    out = np.empty(x.shape, dtype=np.result_type(x, gamma, beta, np.float64))
    new_mean = np.array(running_mean, dtype=np.float64)
    new_var = np.array(running_var, dtype=np.float64)
    for j in range(d):
        column = x[:, j].astype(np.float64)
        if training:
            mean = column.sum() / n
            var = ((column - mean) ** 2).sum() / n
            new_mean[j] = momentum * running_mean[j] + (1 - momentum) * mean
            new_var[j] = momentum * running_var[j] + (1 - momentum) * var
        else:
            mean, var = running_mean[j], running_var[j]
        out[:, j] = gamma[j] * (column - mean) / np.sqrt(var + eps) + beta[j]
    return (out, new_mean, new_var)

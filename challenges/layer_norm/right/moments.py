# expect: accepted
# One pass over the data: var = E[x^2] - E[x]^2, computed in float64. It loses precision on rows
# far from zero (about 1e-8 of the variance at an offset of 1e4), still well inside the tolerance.
import numpy as np


def layer_norm(x, gamma, beta, eps=1e-5):
    x64 = np.asarray(x, dtype=np.float64)
    n = x64.shape[-1]
    mean = np.einsum("...i->...", x64)[..., None] / n
    mean_sq = np.einsum("...i,...i->...", x64, x64)[..., None] / n
    var = np.maximum(mean_sq - mean * mean, 0.0)
    scale = gamma / np.sqrt(var + eps)
    return x64 * scale + (beta - mean * scale)

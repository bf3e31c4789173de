import numpy as np


def layer_norm(x, gamma, beta, eps=1e-5):
    x = np.asarray(x)
    dtype = np.result_type(x, gamma, beta, np.float32)  # float32 stays float32, else float64
    d = x.shape[-1]
    # Two passes in float64, in one working copy (x itself is left alone).
    out = x.astype(np.float64)
    out -= out.mean(axis=-1, keepdims=True)
    var = np.einsum("...i,...i->...", out, out)[..., None] / d  # biased: divide by d
    out /= np.sqrt(var + eps)
    out *= gamma
    out += beta
    return out.astype(dtype, copy=False)

# expect: accepted
# Flattens the leading axes and normalises one row at a time with np.std: a loop over rows, each
# vectorised, is fast enough.
import numpy as np


def layer_norm(x, gamma, beta, eps=1e-5):
    rows = x.reshape(-1, x.shape[-1])
    out = np.empty(rows.shape, dtype=np.result_type(x, gamma, beta, np.float32))
    for i, row in enumerate(rows):
        out[i] = (row - row.mean()) / np.sqrt(row.std() ** 2 + eps) * gamma + beta
    return out.reshape(x.shape)

import numpy as np


def info_nce(z1, z2, temperature):
    n = len(z1)
    # The 2N views, each L2-normalised, in float64 (a working copy: the inputs stay as they are).
    z = np.concatenate([z1, z2]).astype(np.float64)
    z /= np.linalg.norm(z, axis=1, keepdims=True)
    logits = z @ z.T
    logits /= temperature
    np.fill_diagonal(logits, -np.inf)  # a view is not its own negative
    positive = np.concatenate([np.arange(n, 2 * n), np.arange(n)])  # view i's counterpart
    # Cross-entropy of each row towards its positive, by log-sum-exp shifted by the row's max.
    top = logits.max(axis=1, keepdims=True)
    np.subtract(logits, top, out=logits)
    np.exp(logits, out=logits)
    lse = top[:, 0] + np.log(logits.sum(axis=1))
    rows = np.arange(2 * n)
    return float(np.mean(lse - (z[rows] * z[positive]).sum(axis=1) / temperature))

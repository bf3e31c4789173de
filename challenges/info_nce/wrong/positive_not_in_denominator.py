# expect: wrong_answer
# Only the negatives in the denominator (the positive left out too, as in decoupled contrastive
# learning): not NT-Xent. With N = 1 the denominator is even empty.
import numpy as np


def info_nce(z1, z2, temperature):
    n = len(z1)
    z = np.concatenate([z1, z2]).astype(np.float64)
    z = z / np.linalg.norm(z, axis=1, keepdims=True)
    sim = z @ z.T / temperature
    rows = np.arange(2 * n)
    pos = np.concatenate([np.arange(n, 2 * n), np.arange(n)])
    positives = sim[rows, pos].copy()
    sim[rows, rows] = -np.inf
    sim[rows, pos] = -np.inf
    top = np.maximum(sim.max(axis=1), positives)
    with np.errstate(divide="ignore"):
        lse = top + np.log(np.exp(sim - top[:, None]).sum(axis=1))
    return float(np.mean(lse - positives))

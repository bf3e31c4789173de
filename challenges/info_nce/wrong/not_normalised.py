# expect: wrong_answer
# Dot products of the raw vectors instead of cosine similarities: the views are never
# L2-normalised.
import numpy as np


def info_nce(z1, z2, temperature):
    n = len(z1)
    z = np.concatenate([z1, z2]).astype(np.float64)
    sim = z @ z.T / temperature
    np.fill_diagonal(sim, -np.inf)
    top = sim.max(axis=1, keepdims=True)
    lse = top[:, 0] + np.log(np.exp(sim - top).sum(axis=1))
    pos = np.concatenate([np.arange(n, 2 * n), np.arange(n)])
    return float(np.mean(lse - sim[np.arange(2 * n), pos]))

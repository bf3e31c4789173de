# expect: wrong_answer
# The right loss, but z1 and z2 are normalised in place: the caller's embeddings are changed.
import numpy as np


def info_nce(z1, z2, temperature):
    n = len(z1)
    z1 /= np.linalg.norm(z1, axis=1, keepdims=True)
    z2 /= np.linalg.norm(z2, axis=1, keepdims=True)
    z = np.concatenate([z1, z2]).astype(np.float64)
    sim = z @ z.T / temperature
    np.fill_diagonal(sim, -np.inf)
    top = sim.max(axis=1, keepdims=True)
    lse = top[:, 0] + np.log(np.exp(sim - top).sum(axis=1))
    pos = np.concatenate([np.arange(n, 2 * n), np.arange(n)])
    return float(np.mean(lse - sim[np.arange(2 * n), pos]))

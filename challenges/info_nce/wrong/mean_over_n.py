# expect: wrong_answer
# Both directions summed but divided by N, the number of pairs, instead of 2N, the number of
# views: twice the loss.
import numpy as np


def info_nce(z1, z2, temperature):
    n = len(z1)
    z = np.concatenate([z1, z2])
    z = z / np.linalg.norm(z, axis=1, keepdims=True)
    sim = z @ z.T / temperature
    np.fill_diagonal(sim, -np.inf)
    top = sim.max(axis=1, keepdims=True)
    lse = top[:, 0] + np.log(np.exp(sim - top).sum(axis=1))
    pos = np.concatenate([np.arange(n, 2 * n), np.arange(n)])
    return float(np.sum(lse - sim[np.arange(2 * n), pos]) / n)

# expect: wrong_answer
# The view itself left in the denominator: exp(1 / temperature), the largest term of all, is
# added to every view's sum.
import numpy as np


def info_nce(z1, z2, temperature):
    n = len(z1)
    z = np.concatenate([z1, z2])
    z = z / np.linalg.norm(z, axis=1, keepdims=True)
    sim = z @ z.T / temperature
    top = sim.max(axis=1, keepdims=True)
    lse = top[:, 0] + np.log(np.exp(sim - top).sum(axis=1))
    pos = np.concatenate([np.arange(n, 2 * n), np.arange(n)])
    return float(np.mean(lse - sim[np.arange(2 * n), pos]))

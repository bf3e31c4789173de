# expect: accepted
# The log-softmax of the masked similarity matrix, read at each view's target, computed in the
# inputs' own precision (float32 inputs stay float32; the checker sizes its bound to float32
# there), in place on one matrix, returned as a NumPy scalar.
import numpy as np


def info_nce(z1, z2, temperature):
    dtype = np.result_type(z1, z2, np.float32)
    z = np.concatenate([z1, z2], axis=0).astype(dtype)
    z /= np.linalg.norm(z, axis=1, keepdims=True)
    n = z1.shape[0]
    rows = np.arange(2 * n)
    targets = np.r_[np.arange(n, 2 * n), np.arange(n)]
    sim = z @ z.T
    sim *= dtype.type(1.0 / temperature)
    np.fill_diagonal(sim, -np.inf)
    sim -= sim.max(axis=1, keepdims=True)
    picked = sim[rows, targets]
    np.exp(sim, out=sim)
    log_prob = picked - np.log(sim.sum(axis=1))
    return -log_prob.mean()

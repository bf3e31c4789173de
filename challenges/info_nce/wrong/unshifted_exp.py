# expect: wrong_answer
# exp of the similarities without subtracting the row's maximum: at a temperature of 1e-3 the
# similarities reach 1000, exp overflows to inf, and inf / inf is NaN.
import numpy as np


def info_nce(z1, z2, temperature):
    n = len(z1)
    z = np.concatenate([z1, z2])
    z = z / np.linalg.norm(z, axis=1, keepdims=True)
    e = np.exp(z @ z.T / temperature)
    np.fill_diagonal(e, 0.0)
    pos = np.concatenate([np.arange(n, 2 * n), np.arange(n)])
    with np.errstate(over="ignore", invalid="ignore"):
        p = e[np.arange(2 * n), pos] / e.sum(axis=1)
    return float(-np.mean(np.log(p)))

# expect: accepted
# A loop over blocks of 256 views: each block's rows of the similarity matrix at a time (less
# memory), the self-similarity removed by masking with -inf, the positive read off the row.
import numpy as np


def info_nce(z1, z2, temperature):
    z = np.vstack([z1, z2]).astype(np.float64)
    norms = np.linalg.norm(z, axis=1)
    u = z / norms[:, None]
    n2 = u.shape[0]
    n = n2 // 2
    total = 0.0
    for start in range(0, n2, 256):
        rows = np.arange(start, min(start + 256, n2))
        s = (u[rows] @ u.T) / temperature
        s[np.arange(len(rows)), rows] = -np.inf
        pos = s[np.arange(len(rows)), (rows + n) % n2]
        m = np.max(s, axis=1)
        lse = m + np.log(np.sum(np.exp(s - m[:, None]), axis=1))
        total += float(np.sum(lse - pos))
    return total / n2

# expect: runtime_error
# Written for a single (L, d) sequence: the reshape to (L, d/2, 2) works for a batch of one but
# fails on larger batches.
import numpy as np


def apply_rope(x, positions, base=10000.0):
    L, d = len(positions), x.shape[-1]
    pairs = x.reshape(L, d // 2, 2)
    theta = np.asarray(positions, dtype=np.float64)[:, None] * base ** (-np.arange(0, d, 2) / d)
    c, s = np.cos(theta), np.sin(theta)
    out = np.stack(
        [pairs[..., 0] * c - pairs[..., 1] * s, pairs[..., 0] * s + pairs[..., 1] * c], axis=-1
    )
    return out.reshape(x.shape)

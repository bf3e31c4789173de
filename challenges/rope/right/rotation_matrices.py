# expect: accepted
# A 2 x 2 rotation matrix per position and pair, applied with einsum.
import numpy as np


def apply_rope(x, positions, base=10000.0):
    d = x.shape[-1]
    theta = np.asarray(positions, dtype=np.float64)[:, None] / base ** (np.arange(0, d, 2) / d)
    c, s = np.cos(theta), np.sin(theta)
    rot = np.stack(
        [np.stack([c, -s], axis=-1), np.stack([s, c], axis=-1)], axis=-2
    )  # (L, d/2, 2, 2)
    pairs = x.reshape(*x.shape[:-1], d // 2, 2)
    return np.einsum("lpij,...lpj->...lpi", rot, pairs).reshape(x.shape)

# expect: wrong_answer
# The second value of each pair computed from the first one's new value, not its old one.
import numpy as np


def apply_rope(x, positions, base=10000.0):
    d = x.shape[-1]
    theta = np.asarray(positions, dtype=np.float64)[:, None] * base ** (-np.arange(0, d, 2) / d)
    c, s = np.cos(theta), np.sin(theta)
    out = x.astype(np.float64)
    out[..., 0::2] = out[..., 0::2] * c - out[..., 1::2] * s
    out[..., 1::2] = out[..., 0::2] * s + out[..., 1::2] * c
    return out

# expect: wrong_answer
# base ** (-i / d) instead of base ** (-2i / d): the frequencies fall half as fast.
import numpy as np


def apply_rope(x, positions, base=10000.0):
    d = x.shape[-1]
    theta = np.asarray(positions, dtype=np.float64)[:, None] * base ** (-np.arange(d // 2) / d)
    c, s = np.cos(theta), np.sin(theta)
    out = np.empty(x.shape)
    out[..., 0::2] = x[..., 0::2] * c - x[..., 1::2] * s
    out[..., 1::2] = x[..., 0::2] * s + x[..., 1::2] * c
    return out

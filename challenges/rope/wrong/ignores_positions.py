# expect: wrong_answer
# arange(L) for the positions: right only when they happen to be 0, 1, ..., L - 1.
import numpy as np


def apply_rope(x, positions, base=10000.0):
    L, d = x.shape[-2:]
    theta = np.arange(L)[:, None] * base ** (-np.arange(0, d, 2) / d)
    c, s = np.cos(theta), np.sin(theta)
    out = np.empty(x.shape)
    out[..., 0::2] = x[..., 0::2] * c - x[..., 1::2] * s
    out[..., 1::2] = x[..., 0::2] * s + x[..., 1::2] * c
    return out

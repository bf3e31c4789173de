# expect: accepted
# One pair at a time, math for the frequency, the rest vectorised over the batch and positions.
import math

import numpy as np


def apply_rope(x, positions, base=10000.0):
    d = x.shape[-1]
    pos = np.array(positions, dtype=np.float64)
    out = np.array(x, dtype=np.float64)
    for i in range(d // 2):
        theta = pos * math.pow(base, -2 * i / d)
        c, s = np.cos(theta), np.sin(theta)
        a, b = x[..., 2 * i], x[..., 2 * i + 1]
        out[..., 2 * i] = a * c - b * s
        out[..., 2 * i + 1] = a * s + b * c
    return out

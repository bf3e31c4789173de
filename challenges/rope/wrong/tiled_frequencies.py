# expect: wrong_answer
# The two conventions mixed: the halves layout's cat(freqs, freqs) tables with adjacent pairs, so
# pair i gets the frequency of index 2i mod d/2 and 2i + 1 mod d/2.
import numpy as np


def apply_rope(x, positions, base=10000.0):
    d = x.shape[-1]
    theta = np.asarray(positions, dtype=np.float64)[:, None] * base ** (-np.arange(0, d, 2) / d)
    cos = np.concatenate([np.cos(theta)] * 2, axis=-1)
    sin = np.concatenate([np.sin(theta)] * 2, axis=-1)
    rotated = np.empty(x.shape)
    rotated[..., 0::2] = -x[..., 1::2]
    rotated[..., 1::2] = x[..., 0::2]
    return x * cos + rotated * sin

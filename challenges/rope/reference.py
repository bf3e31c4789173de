import numpy as np


def apply_rope(x, positions, base=10000.0):
    x = np.asarray(x)
    d = x.shape[-1]
    inv_freq = float(base) ** (-np.arange(0, d, 2, dtype=np.float64) / d)  # (d/2,)
    angles = np.asarray(positions, dtype=np.float64)[:, None] * inv_freq  # (L, d/2)
    cos, sin = np.cos(angles), np.sin(angles)
    x0 = x[..., 0::2].astype(np.float64)  # (..., L, d/2): the first of each pair
    x1 = x[..., 1::2].astype(np.float64)
    out = np.empty(x.shape, dtype=np.float64)
    out[..., 0::2] = x0 * cos - x1 * sin  # counter-clockwise by each pair's angle
    out[..., 1::2] = x0 * sin + x1 * cos
    # float32 stays float32, float64 stays float64.
    return out.astype(np.result_type(x.dtype, np.float32), copy=False)

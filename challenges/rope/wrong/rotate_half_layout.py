# expect: wrong_answer
# The GPT-NeoX / Hugging Face layout: feature j paired with j + d/2 instead of 2i with 2i + 1.
import numpy as np


def apply_rope(x, positions, base=10000.0):
    d = x.shape[-1]
    inv_freq = base ** (-np.arange(0, d, 2) / d)
    theta = np.asarray(positions, dtype=np.float64)[:, None] * inv_freq
    cos = np.concatenate([np.cos(theta)] * 2, axis=-1)
    sin = np.concatenate([np.sin(theta)] * 2, axis=-1)
    half = d // 2
    rotated = np.concatenate([-x[..., half:], x[..., :half]], axis=-1)
    return x * cos + rotated * sin

# expect: accepted
# Each pair as the complex number x0 + i x1, multiplied by exp(i theta) (the original LLaMA way).
import numpy as np


def apply_rope(x, positions, base=10000.0):
    d = x.shape[-1]
    freqs = np.exp(-np.log(base) * np.arange(d // 2) * 2.0 / d)
    theta = np.outer(np.asarray(positions, dtype=np.float64), freqs)
    pairs = x.astype(np.float64).reshape(*x.shape[:-1], d // 2, 2)
    z = (pairs[..., 0] + 1j * pairs[..., 1]) * np.exp(1j * theta)
    out = np.stack([z.real, z.imag], axis=-1).reshape(x.shape)
    return out.astype(x.dtype)

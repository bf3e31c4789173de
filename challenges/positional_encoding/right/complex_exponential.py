# expect: accepted
# exp(i * angle) holds (cos, sin); frequencies from exp/log; the pairs stacked then flattened.
import math

import numpy as np


def positional_encoding(seq_len, d_model):
    half = (d_model + 1) // 2
    freq = np.exp(-np.arange(half) * 2.0 * math.log(10000.0) / d_model)
    rotation = np.exp(1j * np.outer(np.arange(seq_len), freq))  # (seq_len, half)
    pairs = np.stack([rotation.imag, rotation.real], axis=-1)  # (seq_len, half, 2): sin, cos
    return np.ascontiguousarray(pairs.reshape(seq_len, 2 * half)[:, :d_model])

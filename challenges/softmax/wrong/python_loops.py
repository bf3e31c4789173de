# expect: time_limit_exceeded
# Correct, but Python loops over the elements of each slice: too slow for the benchmark's 6
# million logits.
import math

import numpy as np


def softmax(x, axis=-1):
    moved = np.moveaxis(x, axis, -1)
    flat = moved.reshape(-1, moved.shape[-1])
    out = np.empty(flat.shape, dtype=x.dtype)
    for i in range(flat.shape[0]):
        top = flat[i, 0]
        for j in range(flat.shape[1]):
            top = max(top, flat[i, j])
        total = 0.0
        for j in range(flat.shape[1]):
            out[i, j] = math.exp(flat[i, j] - top)
            total += out[i, j]
        for j in range(flat.shape[1]):
            out[i, j] /= total
    return np.moveaxis(out.reshape(moved.shape), -1, axis)

# expect: time_limit_exceeded
# Correct, but element by element in Python loops: the benchmark's millions of elements take far
# longer than the 2 s a case.
import math

import numpy as np


def layer_norm(x, gamma, beta, eps=1e-5):
    d = x.shape[-1]
    rows = x.reshape(-1, d)
    out = np.empty(rows.shape, dtype=np.result_type(x, gamma, beta, np.float32))
    for i in range(rows.shape[0]):
        total = 0.0
        for j in range(d):
            total += rows[i, j]
        mean = total / d
        squares = 0.0
        for j in range(d):
            squares += (rows[i, j] - mean) ** 2
        scale = 1.0 / math.sqrt(squares / d + eps)
        for j in range(d):
            out[i, j] = (rows[i, j] - mean) * scale * gamma[j] + beta[j]
    return out.reshape(x.shape)

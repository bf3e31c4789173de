# expect: accepted
# Plain Python with the math module for the frequencies, NumPy for each row.
import math

import numpy as np


def positional_encoding(seq_len, d_model):
    divisors = [math.pow(10000.0, (c - c % 2) / d_model) for c in range(d_model)]
    inverse = np.array([1.0 / d for d in divisors])
    is_sine = np.arange(d_model) % 2 == 0
    rows = []
    for pos in range(seq_len):
        angle = pos * inverse
        rows.append(np.where(is_sine, np.sin(angle), np.cos(angle)))
    return np.array(rows, dtype=np.float64).reshape(seq_len, d_model)

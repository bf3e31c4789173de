# expect: accepted
# One vectorised column at a time, with the divisor written as in the paper.
import numpy as np


def positional_encoding(seq_len, d_model):
    pos = np.arange(seq_len, dtype=np.float64)
    pe = np.zeros((seq_len, d_model))
    for column in range(d_model):
        two_i = column - column % 2
        angle = pos / 10000 ** (two_i / d_model)
        pe[:, column] = np.sin(angle) if column % 2 == 0 else np.cos(angle)
    return pe

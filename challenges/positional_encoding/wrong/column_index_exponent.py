# expect: wrong_answer
# The column's own index in the exponent: every cosine column gets the next pair's frequency.
import numpy as np


def positional_encoding(seq_len, d_model):
    pos = np.arange(seq_len)[:, None]
    angles = pos / 10000 ** (np.arange(d_model)[None, :] / d_model)
    pe = np.empty((seq_len, d_model))
    pe[:, 0::2] = np.sin(angles[:, 0::2])
    pe[:, 1::2] = np.cos(angles[:, 1::2])
    return pe

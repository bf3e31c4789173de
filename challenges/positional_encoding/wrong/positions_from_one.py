# expect: wrong_answer
# Positions counted from 1: every row is the next position's encoding.
import numpy as np


def positional_encoding(seq_len, d_model):
    pos = np.arange(1, seq_len + 1)[:, None]
    angles = pos / 10000 ** (np.arange(0, d_model, 2) / d_model)
    pe = np.empty((seq_len, d_model))
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles[:, : d_model // 2])
    return pe

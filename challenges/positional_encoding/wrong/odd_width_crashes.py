# expect: runtime_error
# One angle per pair, written into both halves: an odd d_model has ceil(d/2) sines but only
# floor(d/2) cosine columns, and the assignment does not broadcast.
import numpy as np


def positional_encoding(seq_len, d_model):
    pos = np.arange(seq_len)[:, None]
    angles = pos / 10000 ** (np.arange(0, d_model, 2) / d_model)
    pe = np.zeros((seq_len, d_model))
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles)
    return pe

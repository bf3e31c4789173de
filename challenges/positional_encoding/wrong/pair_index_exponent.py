# expect: wrong_answer
# i / d_model instead of 2i / d_model: the frequencies fall half as fast.
import numpy as np


def positional_encoding(seq_len, d_model):
    pos = np.arange(seq_len)[:, None]
    i = np.arange((d_model + 1) // 2)[None, :]
    angles = pos / 10000 ** (i / d_model)
    pe = np.empty((seq_len, d_model))
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles[:, : d_model // 2])
    return pe

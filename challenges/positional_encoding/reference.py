import numpy as np


def positional_encoding(seq_len, d_model):
    positions = np.arange(seq_len, dtype=np.float64)[:, None]  # (seq_len, 1)
    pairs = np.arange(0, d_model, 2, dtype=np.float64)  # 2i for every sine column
    angles = positions * 10000.0 ** (-pairs / d_model)  # (seq_len, ceil(d_model / 2))
    pe = np.empty((seq_len, d_model), dtype=np.float64)
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles[:, : d_model // 2])  # an odd d_model has one cosine fewer
    return pe

import numpy as np


def positional_encoding(seq_len: int, d_model: int) -> np.ndarray:
    """The sinusoidal positional encoding of "Attention Is All You Need", (seq_len, d_model):
    PE[pos, 2i] = sin(pos / 10000 ** (2i / d_model)), PE[pos, 2i + 1] = cos(the same angle),
    positions from 0. Returns a new float64 array."""
    raise NotImplementedError

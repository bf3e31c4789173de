import numpy as np


def lstm_cell(x, h, c, W, U, b) -> tuple[np.ndarray, np.ndarray]:
    """One step of an LSTM cell: x (N, d), h (N, H), c (N, H), W (d, 4H), U (H, 4H), b (4H,);
    the gates are the blocks of z = x @ W + h @ U + b in the order i, f, g, o.
    Returns (h_next, c_next), each of shape (N, H)."""
    raise NotImplementedError

import numpy as np


def gru_cell(x, h, W, U, b_w, b_u) -> np.ndarray:
    """One step of a GRU cell, as PyTorch's GRUCell: x (N, D), h (N, H), W (D, 3H), U (H, 3H),
    b_w and b_u (3H,); the blocks of 3H columns are in the order r, z, n.
    Returns h_next of shape (N, H)."""
    raise NotImplementedError

import numpy as np


def max_pool2d(x: np.ndarray, size: int = 2, stride: int = 2) -> np.ndarray:
    """Max pooling of x, shape (N, C, H, W), over size x size windows moved by stride along H
    and W: the result has shape (N, C, (H - size) // stride + 1, (W - size) // stride + 1)."""
    raise NotImplementedError

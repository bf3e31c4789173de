import numpy as np


def info_nce(z1: np.ndarray, z2: np.ndarray, temperature: float) -> float:
    """SimCLR's NT-Xent loss of two views z1, z2 of shape (N, d): row i of z1 and row i of z2 are
    a positive pair; every other view is a negative. Returns the mean over the 2N views."""
    raise NotImplementedError

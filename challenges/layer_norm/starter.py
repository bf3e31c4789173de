import numpy as np


def layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    """Normalise x over its last axis (mean 0, biased variance 1), then scale by gamma and shift
    by beta (both of the last axis's length). Returns a new array of x's shape."""
    raise NotImplementedError

import numpy as np


def kmeans(
    X: np.ndarray, init_centroids: np.ndarray, n_iters: int
) -> tuple[np.ndarray, np.ndarray]:
    """n_iters of Lloyd's algorithm from init_centroids, then one last assignment step:
    (centroids of shape (k, d), integer labels of shape (n,)) as NumPy arrays."""
    raise NotImplementedError

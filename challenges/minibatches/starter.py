import numpy as np


def minibatches(n_samples: int, batch_size: int, shuffle: bool = True) -> list[np.ndarray]:
    """Split the indices 0 .. n_samples - 1 (shuffled afresh on every call when shuffle is True)
    into consecutive batches of batch_size; the last batch holds the remainder. Return a list of
    1-D integer NumPy arrays."""
    raise NotImplementedError

import numpy as np


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Return exp(x) / sum(exp(x)) along `axis`, computed stably, with x's shape and dtype.
    Leave x unchanged."""
    raise NotImplementedError

import numpy as np


def cross_entropy(logits: np.ndarray, targets: np.ndarray) -> float:
    """Mean over the n rows of -log(softmax(logits[i])[targets[i]]), for logits of shape (n, C)
    and integer targets of shape (n,), computed stably. Leave the arguments unchanged."""
    raise NotImplementedError

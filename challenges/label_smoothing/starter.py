import numpy as np


def label_smoothing_cross_entropy(logits: np.ndarray, targets: np.ndarray, eps: float) -> float:
    """Mean over the n rows of -sum_k q[i, k] * log(softmax(logits[i])[k]), where q[i] puts
    1 - eps + eps / C on class targets[i] and eps / C on every other class; logits (n, C),
    integer targets (n,). Computed stably; the arguments are left unchanged."""
    raise NotImplementedError

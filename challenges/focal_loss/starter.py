import numpy as np


def focal_loss(
    logits: np.ndarray, targets: np.ndarray, gamma: float = 2.0, alpha: float = 0.25
) -> float:
    """The mean over all elements of -alpha_t * (1 - p_t)**gamma * log(p_t), where p = sigmoid(
    logits), p_t = p where the target is 1 and 1 - p where it is 0, alpha_t = alpha where the
    target is 1 and 1 - alpha where it is 0. Computed stably from the logits; the arguments are
    left unchanged."""
    raise NotImplementedError

import numpy as np


def huber_loss(
    pred: np.ndarray, target: np.ndarray, delta: float = 1.0
) -> tuple[float, np.ndarray]:
    """The mean Huber loss over all elements of pred - target (0.5 * r**2 where |r| <= delta,
    delta * (|r| - 0.5 * delta) elsewhere) and its gradient with respect to pred, an array of
    pred's shape. Leave the arguments unchanged."""
    raise NotImplementedError

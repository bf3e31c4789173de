import numpy as np


def logistic_regression_step(
    w: np.ndarray,
    b: float,
    X: np.ndarray,
    y: np.ndarray,
    lr: float,
    l1: float = 0.0,
    l2: float = 0.0,
) -> tuple[np.ndarray, float]:
    """One gradient step on mean binary cross-entropy + l1 * sum|w| + l2 / 2 * sum(w**2)."""
    raise NotImplementedError

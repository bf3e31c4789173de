import numpy as np


def svm_loss(W: np.ndarray, X: np.ndarray, y: np.ndarray, reg: float) -> tuple[float, np.ndarray]:
    """Return the multi-class SVM (hinge) loss and its gradient dW with respect to W."""
    raise NotImplementedError

import numpy as np


def batchnorm_backward(
    x: np.ndarray, gamma: np.ndarray, grad_out: np.ndarray, eps: float = 1e-5
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The gradients (dx, dgamma, dbeta) of sum(grad_out * out) for the training-mode batch
    normalisation out = gamma * (x - mean) / sqrt(var + eps) + beta over the rows of x (N, D)."""
    raise NotImplementedError

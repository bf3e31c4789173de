import numpy as np


def linear_backward(
    x: np.ndarray, W: np.ndarray, b: np.ndarray, grad_out: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Given y = x @ W + b and grad_out = dL/dy, return (dx, dW, db): dL/dx, dL/dW and dL/db,
    each of the shape of x, W and b."""
    raise NotImplementedError

import numpy as np


def max_pool2d_backward(
    x: np.ndarray, grad_out: np.ndarray, size: int = 2, stride: int = 2
) -> np.ndarray:
    """The gradient with respect to x, shape (N, C, H, W), of sum(grad_out * max_pool2d(x, size,
    stride)): each window's grad_out goes to its first maximum (row-major), overlapping windows
    add."""
    raise NotImplementedError

import numpy as np


def conv2d_backward(
    x: np.ndarray, w: np.ndarray, grad_out: np.ndarray, stride: int = 1, padding: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The gradients (dx, dw, db) of sum(grad_out * conv2d(x, w, b, stride, padding)) with
    respect to x (N, C, H, W), w (F, C, KH, KW) and b (F,)."""
    raise NotImplementedError

import numpy as np


def clip_grad_norm(grads: list[np.ndarray], max_norm: float) -> float:
    """Return the global L2 norm of all the arrays in `grads`; when it exceeds `max_norm`, scale
    every array in place by max_norm / (norm + 1e-6)."""
    raise NotImplementedError

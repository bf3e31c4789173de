import numpy as np


def apply_rope(x: np.ndarray, positions: np.ndarray, base: float = 10000.0) -> np.ndarray:
    """Rotary position embeddings: x of shape (..., L, d) with d even, positions of shape (L,).
    Each pair (x[..., 2i], x[..., 2i + 1]) at sequence index l is rotated counter-clockwise by
    positions[l] * base ** (-2i / d). Returns a new array of x's shape; x is left unchanged."""
    raise NotImplementedError

import numpy as np


def init_weights(fan_in: int, fan_out: int, scheme: str) -> np.ndarray:
    """A (fan_in, fan_out) weight matrix drawn with np.random by `scheme`: "xavier_uniform",
    "xavier_normal", "he_uniform" or "he_normal"."""
    raise NotImplementedError

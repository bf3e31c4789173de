import numpy as np


def dropout_layer(X: np.ndarray, dropout_rate: float) -> np.ndarray:
    """Inverted dropout: zero each element with probability dropout_rate, scale the rest by
    1 / (1 - dropout_rate). Return a new array; leave X unchanged."""
    raise NotImplementedError

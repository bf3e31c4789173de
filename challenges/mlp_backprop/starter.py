import numpy as np


class TwoLayerNet:
    def __init__(self, input_size: int, hidden_size: int, output_size: int):
        """Create W1 (input_size, hidden_size), b1 (1, hidden_size),
        W2 (hidden_size, output_size) and b2 (1, output_size)."""
        raise NotImplementedError

    def forward(self, X: np.ndarray) -> np.ndarray:
        """Return sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2), of shape (len(X), output_size)."""
        raise NotImplementedError

    def gradients(self, X: np.ndarray, Y: np.ndarray) -> dict:
        """Return {"W1": dL/dW1, "b1": dL/db1, "W2": dL/dW2, "b2": dL/db2}, each of its
        parameter's shape, for L = 0.5 * mean over rows of sum((forward(X) - Y) ** 2)."""
        raise NotImplementedError

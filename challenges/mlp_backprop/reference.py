import numpy as np


def _sigmoid(z):
    # Never overflows: exp only ever sees non-positive numbers.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _sigmoid_derivative(z):
    # sigma'(z) = e / (1 + e)^2 with e = exp(-|z|): accurate where sigma(z) rounds to 1.
    e = np.exp(-np.abs(z))
    return e / (1.0 + e) ** 2


class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size):
        self.W1 = np.random.randn(input_size, hidden_size)
        self.b1 = np.zeros((1, hidden_size))
        self.W2 = np.random.randn(hidden_size, output_size)
        self.b2 = np.zeros((1, output_size))

    def forward(self, X):
        hidden = _sigmoid(X @ self.W1 + self.b1)
        return _sigmoid(hidden @ self.W2 + self.b2)

    def gradients(self, X, Y):
        # L = 0.5 * mean over rows of sum((A2 - Y)^2)
        Z1 = X @ self.W1 + self.b1
        A1 = _sigmoid(Z1)
        Z2 = A1 @ self.W2 + self.b2
        A2 = _sigmoid(Z2)
        dZ2 = (A2 - Y) / len(X) * _sigmoid_derivative(Z2)
        dZ1 = (dZ2 @ self.W2.T) * _sigmoid_derivative(Z1)
        return {
            "W1": X.T @ dZ1,
            "b1": dZ1.sum(axis=0, keepdims=True),
            "W2": A1.T @ dZ2,
            "b2": dZ2.sum(axis=0, keepdims=True),
        }

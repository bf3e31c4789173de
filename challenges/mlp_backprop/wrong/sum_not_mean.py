# expect: wrong_answer
# Gradients of the sum over the rows, not the mean: n times too large (right only for one row).
import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size):
        self.W1 = np.random.randn(input_size, hidden_size)
        self.b1 = np.zeros((1, hidden_size))
        self.W2 = np.random.randn(hidden_size, output_size)
        self.b2 = np.zeros((1, output_size))

    def forward(self, X):
        self.z1 = X @ self.W1 + self.b1
        self.a1 = sigmoid(self.z1)
        self.z2 = self.a1 @ self.W2 + self.b2
        self.a2 = sigmoid(self.z2)
        return self.a2

    def gradients(self, X, Y):
        a2 = self.forward(X)
        d2 = (a2 - Y) * a2 * (1 - a2)
        d1 = (d2 @ self.W2.T) * self.a1 * (1 - self.a1)
        return {
            "W1": X.T @ d1,
            "b1": d1.sum(axis=0, keepdims=True),
            "W2": self.a1.T @ d2,
            "b2": d2.sum(axis=0, keepdims=True),
        }

# expect: accepted
# sigmoid(x) = (1 + tanh(x / 2)) / 2 never overflows; small-weight initialisation.
import numpy as np


def sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))


class SimpleNeuralNetwork:
    def __init__(self, input_size, hidden_size, output_size):
        rng = np.random.default_rng()
        self.W1 = rng.normal(0, 0.01, (input_size, hidden_size))
        self.b1 = np.zeros((1, hidden_size))
        self.W2 = rng.normal(0, 0.01, (hidden_size, output_size))
        self.b2 = np.zeros((1, output_size))

    def forward(self, X):
        return sigmoid(sigmoid(X @ self.W1 + self.b1) @ self.W2 + self.b2)

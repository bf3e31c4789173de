# expect: accepted
# Clips the pre-activation before exp: exact to far below the tolerance, and warning-free.
import numpy as np


class SimpleNeuralNetwork:
    def __init__(self, input_size, hidden_size, output_size):
        limit = np.sqrt(6 / (input_size + hidden_size))
        self.W1 = np.random.uniform(-limit, limit, (input_size, hidden_size))
        self.b1 = np.zeros((1, hidden_size))
        self.W2 = np.random.uniform(-limit, limit, (hidden_size, output_size))
        self.b2 = np.zeros((1, output_size))

    @staticmethod
    def _sigmoid(z):
        return 1.0 / (1.0 + np.exp(-np.clip(z, -500, 500)))

    def forward(self, X):
        hidden = self._sigmoid(np.matmul(X, self.W1) + self.b1)
        return self._sigmoid(np.matmul(hidden, self.W2) + self.b2)

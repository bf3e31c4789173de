# expect: wrong_answer
# Computes with copies made at construction, so the parameters set afterwards are ignored.
import numpy as np


class SimpleNeuralNetwork:
    def __init__(self, input_size, hidden_size, output_size):
        self.W1 = np.random.randn(input_size, hidden_size)
        self.b1 = np.zeros((1, hidden_size))
        self.W2 = np.random.randn(hidden_size, output_size)
        self.b2 = np.zeros((1, output_size))
        self._layers = [(self.W1, self.b1), (self.W2, self.b2)]

    def forward(self, X):
        out = X
        for W, b in self._layers:
            out = 1 / (1 + np.exp(-(out @ W + b)))
        return out

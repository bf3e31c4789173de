# expect: runtime_error
# Element by element with math.exp: OverflowError on the saturating inputs.
import math

import numpy as np


class SimpleNeuralNetwork:
    def __init__(self, input_size, hidden_size, output_size):
        self.W1 = np.random.randn(input_size, hidden_size)
        self.b1 = np.zeros((1, hidden_size))
        self.W2 = np.random.randn(hidden_size, output_size)
        self.b2 = np.zeros((1, output_size))

    def forward(self, X):
        sigmoid = np.vectorize(lambda z: 1 / (1 + math.exp(-z)))
        return sigmoid(sigmoid(X @ self.W1 + self.b1) @ self.W2 + self.b2)

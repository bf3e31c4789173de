# expect: wrong_answer
# Stores the weights as (out, in), PyTorch style: W1 must be (input_size, hidden_size).
import numpy as np


class SimpleNeuralNetwork:
    def __init__(self, input_size, hidden_size, output_size):
        self.W1 = np.random.randn(hidden_size, input_size)
        self.b1 = np.zeros((1, hidden_size))
        self.W2 = np.random.randn(output_size, hidden_size)
        self.b2 = np.zeros((1, output_size))

    def forward(self, X):
        hidden = 1 / (1 + np.exp(-(X @ self.W1.T + self.b1)))
        return 1 / (1 + np.exp(-(hidden @ self.W2.T + self.b2)))

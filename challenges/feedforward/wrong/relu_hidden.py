# expect: wrong_answer
# ReLU in the hidden layer where the statement asks for a sigmoid.
import numpy as np


class SimpleNeuralNetwork:
    def __init__(self, input_size, hidden_size, output_size):
        self.W1 = np.random.randn(input_size, hidden_size)
        self.b1 = np.zeros((1, hidden_size))
        self.W2 = np.random.randn(hidden_size, output_size)
        self.b2 = np.zeros((1, output_size))

    def forward(self, X):
        hidden = np.maximum(0, X @ self.W1 + self.b1)
        return 1 / (1 + np.exp(-(hidden @ self.W2 + self.b2)))

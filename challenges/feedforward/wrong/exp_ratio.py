# expect: wrong_answer
# sigmoid as exp(x) / (1 + exp(x)): inf / inf is NaN once x passes about 709.
import numpy as np


class SimpleNeuralNetwork:
    def __init__(self, input_size, hidden_size, output_size):
        self.W1 = np.random.randn(input_size, hidden_size)
        self.b1 = np.zeros((1, hidden_size))
        self.W2 = np.random.randn(hidden_size, output_size)
        self.b2 = np.zeros((1, output_size))

    def forward(self, X):
        def sigmoid(z):
            return np.exp(z) / (1 + np.exp(z))

        return sigmoid(sigmoid(X @ self.W1 + self.b1) @ self.W2 + self.b2)

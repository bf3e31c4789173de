# expect: invalid_submission
# A function where the statement asks for a class.
import numpy as np


def SimpleNeuralNetwork(input_size, hidden_size, output_size):
    return np.zeros((input_size, output_size))

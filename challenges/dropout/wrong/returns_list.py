# expect: wrong_answer
# Right values, but a nested list: the statement asks for a new NumPy array.
import numpy as np


def dropout_layer(X, dropout_rate):
    keep = np.random.rand(*X.shape) >= dropout_rate
    return (X * keep / (1 - dropout_rate)).tolist()

# expect: wrong_answer
# Subtracts the maximum of the whole array, not of each slice: slices far below it underflow to
# all zeros, and 0 / 0 is NaN.
import numpy as np


def softmax(x, axis=-1):
    e = np.exp(x - x.max())
    return e / e.sum(axis=axis, keepdims=True)

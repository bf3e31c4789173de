# expect: wrong_answer
# Right values, computed in the caller's array: the input must be left unchanged.
import numpy as np


def softmax(x, axis=-1):
    x -= x.max(axis=axis, keepdims=True)
    np.exp(x, out=x)
    x /= x.sum(axis=axis, keepdims=True)
    return x

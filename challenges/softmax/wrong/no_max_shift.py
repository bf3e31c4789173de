# expect: wrong_answer
# exp(x) / sum(exp(x)) without subtracting the maximum: inf / inf (NaN) for logits of 1e4.
import numpy as np


def softmax(x, axis=-1):
    e = np.exp(x)
    return e / e.sum(axis=axis, keepdims=True)

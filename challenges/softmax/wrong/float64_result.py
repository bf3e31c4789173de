# expect: wrong_answer
# Computes in float64 and returns float64 for a float32 input: the dtype must be kept.
import numpy as np


def softmax(x, axis=-1):
    z = np.asarray(x, dtype=np.float64)
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)

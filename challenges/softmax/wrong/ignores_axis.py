# expect: wrong_answer
# Always normalises over the last axis, whatever `axis` says.
import numpy as np


def softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)

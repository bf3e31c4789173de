# expect: wrong_answer
# Right values, but the maximum is subtracted in the caller's logits: they must not be modified.
import numpy as np


def softmax_cross_entropy_backward(logits, targets):
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(p)), targets] -= 1.0
    return p / len(p)

# expect: wrong_answer
# softmax normalised over axis 0 (the batch) instead of over the classes.
import numpy as np


def softmax_cross_entropy_backward(logits, targets):
    z = logits - logits.max(axis=0, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=0, keepdims=True)
    p[np.arange(len(p)), targets] -= 1.0
    return p / len(p)

# expect: wrong_answer
# softmax as exp(z) / sum(exp(z)) without subtracting the row's maximum: exp(1e4) overflows to
# inf and inf / inf is NaN.
import numpy as np


def softmax_cross_entropy_backward(logits, targets):
    n = len(logits)
    e = np.exp(logits)
    p = e / e.sum(axis=1, keepdims=True)
    p[np.arange(n), targets] -= 1.0
    return p / n

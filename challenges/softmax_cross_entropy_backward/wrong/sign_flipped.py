# expect: wrong_answer
# (onehot - softmax) / N: the direction of descent, not the gradient.
import numpy as np


def softmax_cross_entropy_backward(logits, targets):
    n, c = logits.shape
    z = logits - logits.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    return (np.eye(c)[targets] - p) / n

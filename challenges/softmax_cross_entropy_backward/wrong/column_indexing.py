# expect: wrong_answer
# p[:, targets] -= 1 subtracts 1 from the target columns of every row, not from one entry per row.
import numpy as np


def softmax_cross_entropy_backward(logits, targets):
    z = logits - logits.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    p[:, targets] -= 1.0
    return p / len(p)

# expect: wrong_answer
# The gradient of the summed loss: softmax - onehot, never divided by N.
import numpy as np


def softmax_cross_entropy_backward(logits, targets):
    z = logits - logits.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(p)), targets] -= 1.0
    return p

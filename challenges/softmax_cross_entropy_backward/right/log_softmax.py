# expect: accepted
# Through the log-softmax: lse = max + log(sum(exp(z - max))), p = exp(z - lse); the one-hot
# built as a boolean mask by comparing each row's target with the class numbers, and subtracted
# in place after dividing by N.
import numpy as np


def softmax_cross_entropy_backward(logits, targets):
    n, c = logits.shape
    top = logits.max(axis=1, keepdims=True)
    lse = top + np.log(np.exp(logits - top).sum(axis=1, keepdims=True))
    grad = np.exp(logits - lse)
    grad /= n
    grad[np.arange(c) == np.asarray(targets)[:, None]] -= 1.0 / n
    return grad

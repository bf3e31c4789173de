# expect: wrong_answer
# Returns softmax / N, forgetting the -onehot(target) from the loss's -z[target] term.
import numpy as np


def softmax_cross_entropy_backward(logits, targets):
    z = logits - logits.max(axis=1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=1, keepdims=True) / len(p)

# expect: wrong_answer
# Returns the loss of each row (shape (n,)) instead of their mean, a scalar.
import numpy as np


def cross_entropy(logits, targets):
    top = logits.max(axis=1, keepdims=True)
    lse = top[:, 0] + np.log(np.exp(logits - top).sum(axis=1))
    return lse - logits[np.arange(len(logits)), targets]

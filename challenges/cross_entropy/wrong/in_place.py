# expect: wrong_answer
# Right value, but the logits are shifted and exponentiated in the caller's array: the arguments
# must be left unchanged.
import numpy as np


def cross_entropy(logits, targets):
    rows = np.arange(len(logits))
    top = logits.max(axis=1)
    logits -= top[:, None]
    picked = logits[rows, targets].copy()
    np.exp(logits, out=logits)
    return float(np.mean(np.log(logits.sum(axis=1)) - picked))

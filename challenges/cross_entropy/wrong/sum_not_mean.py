# expect: wrong_answer
# Sums the per-row losses instead of averaging them (right only for a batch of one).
import numpy as np


def cross_entropy(logits, targets):
    top = logits.max(axis=1, keepdims=True)
    lse = top[:, 0] + np.log(np.exp(logits - top).sum(axis=1))
    return float(np.sum(lse - logits[np.arange(len(logits)), targets]))

# expect: wrong_answer
# Indexes log_probs[:, targets] (an n x n matrix: every row at every target) instead of
# log_probs[np.arange(n), targets] (each row at its own target).
import numpy as np


def cross_entropy(logits, targets):
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-np.mean(log_probs[:, targets]))

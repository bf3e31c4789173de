# expect: wrong_answer
# The other convention: eps spread over the C - 1 wrong classes and 1 - eps on the target. The
# statement spreads eps / C over all C classes (1 - eps + eps / C on the target).
import numpy as np


def label_smoothing_cross_entropy(logits, targets, eps):
    n, c = logits.shape
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    q = np.full(logits.shape, eps / (c - 1))
    q[np.arange(n), targets] = 1.0 - eps
    return float(-(q * log_probs).sum() / n)

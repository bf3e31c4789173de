# expect: wrong_answer
# 1 - eps on the target, without its own share eps / C: the smoothed target sums to 1 - eps / C.
import numpy as np


def label_smoothing_cross_entropy(logits, targets, eps):
    n, c = logits.shape
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    q = np.full(logits.shape, eps / c)
    q[np.arange(n), targets] = 1.0 - eps
    return float(-(q * log_probs).sum() / n)

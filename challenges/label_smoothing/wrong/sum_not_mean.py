# expect: wrong_answer
# Sums the rows' losses instead of averaging them (right only for a batch of one).
import numpy as np


def label_smoothing_cross_entropy(logits, targets, eps):
    n = len(logits)
    top = logits.max(axis=1)
    lse = top + np.log(np.exp(logits - top[:, None]).sum(axis=1))
    picked = logits[np.arange(n), targets]
    return float(np.sum(lse - (1.0 - eps) * picked - eps * logits.mean(axis=1)))

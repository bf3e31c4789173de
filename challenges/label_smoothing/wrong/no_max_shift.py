# expect: wrong_answer
# log(sum(exp(logits))) without subtracting the maximum: exp(1e4) is inf, and so is the loss.
import numpy as np


def label_smoothing_cross_entropy(logits, targets, eps):
    n = len(logits)
    lse = np.log(np.exp(logits).sum(axis=1))
    picked = logits[np.arange(n), targets]
    return float(np.mean(lse - (1.0 - eps) * picked - eps * logits.mean(axis=1)))

# expect: wrong_answer
# log(sum(exp(logits))) without subtracting the maximum: exp(1e4) is inf, and so is the loss.
import numpy as np


def cross_entropy(logits, targets):
    lse = np.log(np.exp(logits).sum(axis=1))
    return float(np.mean(lse - logits[np.arange(len(logits)), targets]))

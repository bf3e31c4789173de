# expect: wrong_answer
# Right value, but the logits are shifted in the caller's array: the arguments must be left
# unchanged.
import numpy as np


def label_smoothing_cross_entropy(logits, targets, eps):
    n = len(logits)
    logits -= logits.max(axis=1, keepdims=True)
    log_probs = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    smooth = -log_probs.mean(axis=1)
    nll = -log_probs[np.arange(n), targets]
    return float(np.mean((1.0 - eps) * nll + eps * smooth))

# expect: accepted
# The smoothed target matrix q built explicitly, dotted with a stable log_softmax, in the logits'
# own precision (float32 stays float32); a 0-d array.
import numpy as np


def label_smoothing_cross_entropy(logits, targets, eps):
    n, c = logits.shape
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    q = np.full(logits.shape, eps / c, dtype=log_probs.dtype)
    q[np.arange(n), targets] += 1.0 - eps
    return np.asarray(-(q * log_probs).sum() / n)

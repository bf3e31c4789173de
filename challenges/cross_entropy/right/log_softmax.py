# expect: accepted
# log_softmax = shifted - log(sum(exp(shifted))), picked with take_along_axis; in the logits' own
# precision, returned as a 0-d array.
import numpy as np


def cross_entropy(logits, targets):
    shifted = logits - logits.max(axis=-1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))
    picked = np.take_along_axis(log_probs, targets.reshape(-1, 1).astype(np.intp), axis=-1)
    return np.asarray(-picked.sum() / len(targets))

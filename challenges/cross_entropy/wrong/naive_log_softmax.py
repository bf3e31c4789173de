# expect: wrong_answer
# A stable softmax, then its log: a target probability that underflows to 0 gives -log(0) = inf.
import numpy as np


def cross_entropy(logits, targets):
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs = e / e.sum(axis=1, keepdims=True)
    return float(-np.mean(np.log(probs[np.arange(len(logits)), targets])))

# expect: wrong_answer
# A stable softmax, then its log: a probability that underflows to 0 gives log(0) = -inf, and
# every class carries eps / C of the target (or 0 * -inf = NaN without smoothing).
import numpy as np


def label_smoothing_cross_entropy(logits, targets, eps):
    n, c = logits.shape
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs = e / e.sum(axis=1, keepdims=True)
    q = np.full(logits.shape, eps / c)
    q[np.arange(n), targets] += 1.0 - eps
    return float(-(q * np.log(probs)).sum() / n)

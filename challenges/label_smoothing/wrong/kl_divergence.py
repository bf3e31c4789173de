# expect: wrong_answer
# KL(q || softmax) instead of the cross-entropy -sum q log p: the two differ by the entropy of q,
# which is not 0 once eps > 0 (the KLDivLoss way of smoothing labels).
import numpy as np


def label_smoothing_cross_entropy(logits, targets, eps):
    n, c = logits.shape
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    q = np.full(logits.shape, eps / c)
    q[np.arange(n), targets] += 1.0 - eps
    log_q = np.log(q, out=np.zeros_like(q), where=q > 0)
    return float((q * (log_q - log_probs)).sum() / n)

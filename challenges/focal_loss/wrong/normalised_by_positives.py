# expect: wrong_answer
# RetinaNet's normalisation: the sum divided by the number of positives (at least 1) instead of
# the mean over all elements.
import numpy as np


def focal_loss(logits, targets, gamma=2.0, alpha=0.25):
    z = np.asarray(logits, dtype=np.float64)
    positive = targets == 1
    s = np.where(positive, z, -z)
    alpha_t = np.where(positive, alpha, 1.0 - alpha)
    terms = alpha_t * np.exp(-gamma * np.logaddexp(0, s)) * np.logaddexp(0, -s)
    return float(terms.sum() / max(int(positive.sum()), 1))

# expect: wrong_answer
# alpha_t swapped: alpha on the negatives and 1 - alpha on the positives. The statement (and the
# focal-loss paper) weight the positives by alpha.
import numpy as np


def focal_loss(logits, targets, gamma=2.0, alpha=0.25):
    z = np.asarray(logits, dtype=np.float64)
    positive = targets == 1
    s = np.where(positive, z, -z)
    alpha_t = np.where(positive, 1.0 - alpha, alpha)
    return float(np.mean(alpha_t * np.exp(-gamma * np.logaddexp(0, s)) * np.logaddexp(0, -s)))

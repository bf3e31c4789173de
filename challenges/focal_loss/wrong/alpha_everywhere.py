# expect: wrong_answer
# alpha on every term, positive or negative, instead of alpha_t (1 - alpha for the negatives).
import numpy as np


def focal_loss(logits, targets, gamma=2.0, alpha=0.25):
    z = np.asarray(logits, dtype=np.float64)
    s = np.where(targets == 1, z, -z)
    return float(np.mean(alpha * np.exp(-gamma * np.logaddexp(0, s)) * np.logaddexp(0, -s)))

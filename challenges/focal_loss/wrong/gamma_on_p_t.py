# expect: wrong_answer
# p_t**gamma instead of (1 - p_t)**gamma: it weights the easy, well-classified elements up instead
# of down (right only for gamma = 0).
import numpy as np


def focal_loss(logits, targets, gamma=2.0, alpha=0.25):
    z = np.asarray(logits, dtype=np.float64)
    positive = targets == 1
    s = np.where(positive, z, -z)
    alpha_t = np.where(positive, alpha, 1.0 - alpha)
    return float(np.mean(alpha_t * np.exp(-gamma * np.logaddexp(0, -s)) * np.logaddexp(0, -s)))

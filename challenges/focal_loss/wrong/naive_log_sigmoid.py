# expect: wrong_answer
# log of a computed sigmoid: p rounds to exactly 0 or 1 for large logits, and log(p_t) is -inf.
import numpy as np


def focal_loss(logits, targets, gamma=2.0, alpha=0.25):
    p = 1.0 / (1.0 + np.exp(-logits))
    p_t = np.where(targets == 1, p, 1.0 - p)
    alpha_t = np.where(targets == 1, alpha, 1.0 - alpha)
    return float(np.mean(-alpha_t * (1.0 - p_t) ** gamma * np.log(p_t)))

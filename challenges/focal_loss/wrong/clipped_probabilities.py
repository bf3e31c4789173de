# expect: wrong_answer
# Clips the probabilities to [1e-7, 1 - 1e-7] to keep log finite: no NaN, but -log(p_t) is capped
# at about 16 where it should be about |logit| (confidently wrong elements).
import numpy as np


def focal_loss(logits, targets, gamma=2.0, alpha=0.25):
    e = np.exp(-np.abs(logits))
    p = np.where(logits >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    p = np.clip(p, 1e-7, 1.0 - 1e-7)
    p_t = np.where(targets == 1, p, 1.0 - p)
    alpha_t = np.where(targets == 1, alpha, 1.0 - alpha)
    return float(np.mean(-alpha_t * (1.0 - p_t) ** gamma * np.log(p_t)))

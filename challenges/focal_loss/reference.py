import numpy as np


def focal_loss(logits, targets, gamma=2.0, alpha=0.25):
    z = np.asarray(logits, dtype=np.float64)
    positive = np.asarray(targets) == 1
    s = np.where(positive, z, -z)  # p_t = sigmoid(s), 1 - p_t = sigmoid(-s)
    # -log p_t = softplus(-s) and (1 - p_t)**gamma = exp(-gamma * softplus(s)), with
    # softplus(x) = log(1 + exp(x)) = np.logaddexp(0, x): stable for any logit.
    neg_log_pt = np.logaddexp(0.0, -s)
    modulating = np.exp(-gamma * np.logaddexp(0.0, s))
    alpha_t = np.where(positive, alpha, 1.0 - alpha)
    return float(np.mean(alpha_t * modulating * neg_log_pt))

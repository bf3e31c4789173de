# expect: wrong_answer
# Sums over the batch instead of averaging (right only for a batch of one).
import numpy as np


def vae_loss(x, x_logits, mu, log_var):
    bce = np.maximum(x_logits, 0) - x_logits * x + np.log1p(np.exp(-np.abs(x_logits)))
    kl = -0.5 * np.sum(1 + log_var - mu**2 - np.exp(log_var))
    return float(bce.sum() + kl)

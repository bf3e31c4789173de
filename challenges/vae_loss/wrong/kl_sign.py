# expect: wrong_answer
# The KL term with its sign flipped: +0.5 * sum(1 + log_var - mu**2 - exp(log_var)), which is
# never positive.
import numpy as np


def vae_loss(x, x_logits, mu, log_var):
    n = x.shape[0]
    bce = np.maximum(x_logits, 0) - x_logits * x + np.log1p(np.exp(-np.abs(x_logits)))
    kl = 0.5 * np.sum(1 + log_var - mu**2 - np.exp(log_var), axis=1)
    return float(np.mean(bce.reshape(n, -1).sum(axis=1) + kl))

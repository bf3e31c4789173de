# expect: wrong_answer
# Sums the cross-entropy over axis 1 only, then averages what is left: right for flat (N, D)
# inputs, but for images (N, H, W) it divides each sample's sum by W.
import numpy as np


def vae_loss(x, x_logits, mu, log_var):
    bce = np.maximum(x_logits, 0) - x_logits * x + np.log1p(np.exp(-np.abs(x_logits)))
    kl = -0.5 * np.sum(1 + log_var - mu**2 - np.exp(log_var), axis=1)
    return float(np.mean(bce.sum(axis=1).reshape(len(x), -1).mean(axis=1) + kl))

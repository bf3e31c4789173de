# expect: wrong_answer
# log of a computed sigmoid: it rounds to exactly 0 or 1 for large logits, and log gives -inf
# (0 * -inf is NaN where the pixel is right).
import numpy as np


def vae_loss(x, x_logits, mu, log_var):
    n = x.shape[0]
    p = 1.0 / (1.0 + np.exp(-x_logits))
    bce = -(x * np.log(p) + (1 - x) * np.log(1 - p))
    kl = -0.5 * np.sum(1 + log_var - mu**2 - np.exp(log_var), axis=1)
    return float(np.mean(bce.reshape(n, -1).sum(axis=1) + kl))

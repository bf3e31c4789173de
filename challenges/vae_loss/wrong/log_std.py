# expect: wrong_answer
# Takes log_var for log(sigma): the KL with 2 * log_var and exp(2 * log_var) in it.
import numpy as np


def vae_loss(x, x_logits, mu, log_var):
    n = x.shape[0]
    bce = np.maximum(x_logits, 0) - x_logits * x + np.log1p(np.exp(-np.abs(x_logits)))
    kl = -0.5 * np.sum(1 + 2 * log_var - mu**2 - np.exp(2 * log_var), axis=1)
    return float(np.mean(bce.reshape(n, -1).sum(axis=1) + kl))

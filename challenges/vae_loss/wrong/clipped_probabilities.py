# expect: wrong_answer
# sigmoid, then probabilities clipped to [1e-7, 1 - 1e-7] before the log: finite, but each
# confidently wrong pixel costs at most about 16 where it costs about |logit|.
import numpy as np


def vae_loss(x, x_logits, mu, log_var):
    n = x.shape[0]
    p = np.clip(1.0 / (1.0 + np.exp(-np.clip(x_logits, -500, 500))), 1e-7, 1 - 1e-7)
    bce = -(x * np.log(p) + (1 - x) * np.log(1 - p))
    kl = -0.5 * np.sum(1 + log_var - mu**2 - np.exp(log_var), axis=1)
    return float(np.mean(bce.reshape(n, -1).sum(axis=1) + kl))

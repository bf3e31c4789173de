# expect: accepted
# The textbook formulas: binary cross-entropy with logits max(z, 0) - z * x + log1p(exp(-|z|)),
# summed over the flattened features, and -0.5 * sum(1 + log_var - mu**2 - exp(log_var)); in the
# inputs' own precision (float32 stays float32), a NumPy scalar.
import numpy as np


def vae_loss(x, x_logits, mu, log_var):
    n = x.shape[0]
    bce = np.maximum(x_logits, 0) - x_logits * x + np.log1p(np.exp(-np.abs(x_logits)))
    reconstruction = bce.reshape(n, -1).sum(axis=1)
    kl = -0.5 * np.sum(1 + log_var - mu**2 - np.exp(log_var), axis=1)
    return np.mean(reconstruction + kl)

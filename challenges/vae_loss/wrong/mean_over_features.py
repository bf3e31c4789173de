# expect: wrong_answer
# The cross-entropy averaged over the features (as Keras' binary_crossentropy does) instead of
# summed: the reconstruction term D times too small next to the KL.
import numpy as np


def vae_loss(x, x_logits, mu, log_var):
    n = x.shape[0]
    bce = np.maximum(x_logits, 0) - x_logits * x + np.log1p(np.exp(-np.abs(x_logits)))
    kl = -0.5 * np.sum(1 + log_var - mu**2 - np.exp(log_var), axis=1)
    return float(np.mean(bce.reshape(n, -1).mean(axis=1) + kl))

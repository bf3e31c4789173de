# expect: accepted
# A loop over the samples: log sigmoid(z) = -logaddexp(0, -z) and log(1 - sigmoid(z)) =
# -logaddexp(0, z) in the cross-entropy's own form, the KL of each latent dimension as the
# divergence of N(mu, sigma**2) from N(0, 1): log(1 / sigma) + (sigma**2 + mu**2 - 1) / 2.
import numpy as np


def vae_loss(x, x_logits, mu, log_var):
    total = 0.0
    for xi, zi, mi, lvi in zip(x, x_logits, mu, log_var, strict=True):
        xi = np.asarray(xi, dtype=np.float64).ravel()
        zi = np.asarray(zi, dtype=np.float64).ravel()
        log_p = -np.logaddexp(0.0, -zi)
        log_not_p = -np.logaddexp(0.0, zi)
        total -= float(np.sum(xi * log_p + (1.0 - xi) * log_not_p))
        mi = np.asarray(mi, dtype=np.float64)
        lvi = np.asarray(lvi, dtype=np.float64)
        total += float(np.sum(-0.5 * lvi + (np.exp(lvi) + mi**2 - 1.0) / 2.0))
    return total / len(x)

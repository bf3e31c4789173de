import numpy as np


def vae_loss(x, x_logits, mu, log_var):
    x = np.asarray(x, dtype=np.float64)
    z = np.asarray(x_logits, dtype=np.float64)
    mu = np.asarray(mu, dtype=np.float64)
    log_var = np.asarray(log_var, dtype=np.float64)
    n = len(x)
    # Binary cross-entropy against sigmoid(z): -x log sigmoid(z) - (1 - x) log(1 - sigmoid(z))
    # = x * softplus(-z) + (1 - x) * softplus(z), softplus(t) = np.logaddexp(0, t): stable, and
    # a sum of non-negative terms. Summed over every feature axis of each sample.
    bce = x * np.logaddexp(0.0, -z) + (1.0 - x) * np.logaddexp(0.0, z)
    reconstruction = bce.reshape(n, -1).sum(axis=1)
    # -0.5 * sum(1 + log_var - mu**2 - exp(log_var)) = 0.5 * sum(mu**2 + (exp(lv) - 1 - lv)), with
    # expm1 so that terms near log_var = 0 do not cancel.
    kl = 0.5 * (mu**2 + np.expm1(log_var) - log_var).reshape(n, -1).sum(axis=1)
    return float(np.mean(reconstruction + kl))

# expect: accepted
# Draws eps with np.random.normal in Fortran order (a different order of draws), in float32 for a
# float32 input.
import numpy as np


def reparameterize(mu, log_var):
    mu = np.asarray(mu)
    eps = np.random.normal(0.0, 1.0, size=mu.shape[::-1]).T.astype(mu.dtype)
    return mu + np.exp(log_var / 2) * eps

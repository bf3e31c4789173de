import numpy as np


def reparameterize(mu, log_var):
    eps = np.random.standard_normal(np.shape(mu))
    return mu + np.exp(0.5 * log_var) * eps

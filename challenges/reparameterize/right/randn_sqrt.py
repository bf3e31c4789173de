# expect: accepted
# np.random.randn for eps; the standard deviation as sqrt(exp(log_var)).
import numpy as np


def reparameterize(mu, log_var):
    std = np.sqrt(np.exp(log_var))
    eps = np.random.randn(*mu.shape)
    return mu + eps * std

# expect: wrong_answer
# Uniform eps with mean 0 and variance 1: the right first two moments, but not normal.
import numpy as np


def reparameterize(mu, log_var):
    eps = np.random.uniform(-np.sqrt(3), np.sqrt(3), size=mu.shape)
    return mu + np.exp(0.5 * log_var) * eps

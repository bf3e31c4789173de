# expect: wrong_answer
# Right distribution, but adds the noise to the caller's mu: the inputs must not be modified.
import numpy as np


def reparameterize(mu, log_var):
    mu += np.exp(0.5 * log_var) * np.random.standard_normal(mu.shape)
    return mu

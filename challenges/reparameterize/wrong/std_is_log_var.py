# expect: wrong_answer
# Uses log_var itself as the standard deviation.
import numpy as np


def reparameterize(mu, log_var):
    return mu + log_var * np.random.standard_normal(mu.shape)

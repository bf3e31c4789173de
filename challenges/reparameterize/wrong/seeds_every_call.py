# expect: wrong_answer
# Seeds the generator inside the function: every call draws the same eps.
import numpy as np


def reparameterize(mu, log_var):
    np.random.seed(0)
    return mu + np.exp(0.5 * log_var) * np.random.standard_normal(mu.shape)

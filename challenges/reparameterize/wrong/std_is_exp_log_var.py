# expect: wrong_answer
# Takes exp(log_var), the variance, as the standard deviation (the 0.5 is missing).
import numpy as np


def reparameterize(mu, log_var):
    return mu + np.exp(log_var) * np.random.standard_normal(mu.shape)

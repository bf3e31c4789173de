# expect: wrong_answer
# One eps for the whole array, broadcast to every element.
import numpy as np


def reparameterize(mu, log_var):
    return mu + np.exp(0.5 * log_var) * np.random.randn()

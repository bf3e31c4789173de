# expect: wrong_answer
# sqrt(log_var) as the standard deviation: NaN wherever log_var < 0.
import numpy as np


def reparameterize(mu, log_var):
    return mu + np.sqrt(log_var) * np.random.standard_normal(mu.shape)

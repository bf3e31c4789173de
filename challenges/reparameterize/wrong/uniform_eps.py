# expect: wrong_answer
# eps from np.random.rand: uniform on [0, 1), not standard normal.
import numpy as np


def reparameterize(mu, log_var):
    return mu + np.exp(0.5 * log_var) * np.random.rand(*mu.shape)

# expect: wrong_answer
# No noise at all: returns the mean (a copy of mu).
import numpy as np


def reparameterize(mu, log_var):
    return np.array(mu, dtype=np.float64)

# expect: wrong_answer
# One eps per latent dimension (the last axis), shared by every example of the batch.
import numpy as np


def reparameterize(mu, log_var):
    return mu + np.exp(0.5 * log_var) * np.random.randn(mu.shape[-1])

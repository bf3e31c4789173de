# challenge: dropout   expect: accepted
# The textbook version: a Bernoulli mask from np.random.binomial, scaled by 1 / (1 - rate).
import numpy as np


def dropout_layer(X, dropout_rate):
    mask = np.random.binomial(1, 1 - dropout_rate, size=X.shape)
    return X * mask / (1 - dropout_rate)

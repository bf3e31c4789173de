# expect: accepted
# A module-level Generator, seeded once; the scale computed first.
import numpy as np

rng = np.random.default_rng()


def dropout_layer(X, dropout_rate):
    keep = 1.0 - dropout_rate
    scale = 1.0 / keep
    return np.where(rng.random(X.shape) < keep, X * scale, 0)

# expect: wrong_answer
# Re-seeds the generator on every call, so every call drops the same elements.
import numpy as np


def dropout_layer(X, dropout_rate):
    rng = np.random.default_rng(42)
    mask = rng.random(X.shape) >= dropout_rate
    return X * mask / (1 - dropout_rate)

# expect: wrong_answer
# The right values, but computed in the caller's array: x must not be modified.
import numpy as np


def layer_norm(x, gamma, beta, eps=1e-5):
    x -= x.mean(axis=-1, keepdims=True)
    x /= np.sqrt(x.var(axis=-1, keepdims=True) + eps)
    x *= gamma
    x += beta
    return x

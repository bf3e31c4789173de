# expect: wrong_answer
# Divides by sqrt(var) + eps instead of sqrt(var + eps): nearly the same on rows of unit variance,
# three times too large on rows whose variance is below eps.
import numpy as np


def layer_norm(x, gamma, beta, eps=1e-5):
    mean = x.mean(axis=-1, keepdims=True)
    std = x.std(axis=-1, keepdims=True)
    return gamma * (x - mean) / (std + eps) + beta

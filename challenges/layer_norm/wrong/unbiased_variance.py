# expect: wrong_answer
# Unbiased variance (ddof=1, dividing by n - 1): layer norm uses the biased one, dividing by n.
import numpy as np


def layer_norm(x, gamma, beta, eps=1e-5):
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True, ddof=1)
    return gamma * (x - mean) / np.sqrt(var + eps) + beta

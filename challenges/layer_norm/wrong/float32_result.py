# expect: wrong_answer
# Computes in float32 whatever the input: float64 inputs come back as float32.
import numpy as np


def layer_norm(x, gamma, beta, eps=1e-5):
    x = x.astype(np.float32)
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return (gamma * (x - mean) / np.sqrt(var + eps) + beta).astype(np.float32)

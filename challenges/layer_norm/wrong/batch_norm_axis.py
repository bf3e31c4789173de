# expect: wrong_answer
# Batch-norm style: normalises each feature over the batch (axis 0) instead of each row over its
# features (the last axis).
import numpy as np


def layer_norm(x, gamma, beta, eps=1e-5):
    mean = x.mean(axis=0, keepdims=True)
    var = x.var(axis=0, keepdims=True)
    return gamma * (x - mean) / np.sqrt(var + eps) + beta

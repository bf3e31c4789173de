import math

import numpy as np


def scaled_dot_product_attention(Q, K, V, mask=None):
    # A Python float keeps float32 inputs in float32 (a NumPy float64 scalar would promote).
    scores = (Q @ np.swapaxes(K, -1, -2)) / math.sqrt(Q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    top = scores.max(axis=-1, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0).astype(scores.dtype)  # fully masked rows
    weights = np.exp(scores - top)
    total = weights.sum(axis=-1, keepdims=True)
    # A fully masked row has total 0: its weights (and so its output) stay 0.
    weights = np.divide(weights, total, out=np.zeros_like(weights), where=total > 0)
    return weights @ V

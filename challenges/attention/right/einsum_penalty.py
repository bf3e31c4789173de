# expect: accepted
# einsum for both products, a large finite penalty for masked scores, fully masked rows zeroed.
import numpy as np


def scaled_dot_product_attention(Q, K, V, mask=None):
    d = Q.shape[-1]
    scores = np.einsum("...qd,...kd->...qk", Q / np.sqrt(d), K)
    if mask is not None:
        mask = np.broadcast_to(mask, scores.shape)
        scores = np.where(mask, scores, -1e30)
    scores = scores - scores.max(axis=-1, keepdims=True)
    weights = np.exp(scores)
    weights = weights / weights.sum(axis=-1, keepdims=True)
    if mask is not None:
        weights = weights * mask.any(axis=-1, keepdims=True)
    return np.einsum("...qk,...kv->...qv", weights, V)

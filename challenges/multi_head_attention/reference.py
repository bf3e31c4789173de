import math

import numpy as np


def multi_head_attention(x, Wq, Wk, Wv, Wo, num_heads, mask=None):
    N, L, d_model = x.shape
    d_head = d_model // num_heads

    def heads(W):
        # (N, L, d_model) -> (N, h, L, d_head): head k is columns k*d_head .. (k+1)*d_head - 1.
        split = (x @ W).reshape(N, L, num_heads, d_head).transpose(0, 2, 1, 3)
        return np.ascontiguousarray(split)  # contiguous heads: a fast batched matmul

    Q, K, V = heads(Wq), heads(Wk), heads(Wv)
    scores = (Q @ K.transpose(0, 1, 3, 2)) / math.sqrt(d_head)  # (N, h, L, L)
    if mask is not None:
        keep = np.broadcast_to(np.asarray(mask, dtype=bool), (N, L, L))[:, None]  # every head
        scores = np.where(keep, scores, -np.inf)
    top = scores.max(axis=-1, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)  # fully masked query rows
    weights = np.exp(scores - top)
    total = weights.sum(axis=-1, keepdims=True)
    # A fully masked row has total 0: its weights, so its heads' outputs, stay 0.
    weights = np.divide(weights, total, out=np.zeros_like(weights), where=total > 0)
    concat = (weights @ V).transpose(0, 2, 1, 3).reshape(N, L, d_model)  # heads in order
    return concat @ Wo

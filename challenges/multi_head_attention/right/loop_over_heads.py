# expect: accepted
# One head at a time, by slicing the weights' columns; each head's output times its own rows of Wo,
# summed (the same as concatenating first).
import numpy as np


def multi_head_attention(x, Wq, Wk, Wv, Wo, num_heads, mask=None):
    N, L, d_model = x.shape
    dh = d_model // num_heads
    keep = None if mask is None else np.broadcast_to(mask, (N, L, L))
    out = np.zeros((N, L, d_model), dtype=np.result_type(x, Wq, Wk, Wv, Wo))
    for k in range(num_heads):
        cols = slice(k * dh, (k + 1) * dh)
        q, kk, v = x @ Wq[:, cols], x @ Wk[:, cols], x @ Wv[:, cols]
        scores = q @ kk.transpose(0, 2, 1) / np.sqrt(dh).astype(q.dtype)
        if keep is not None:
            scores = np.where(keep, scores, -np.inf)
        top = np.max(scores, axis=-1, keepdims=True)
        top[~np.isfinite(top)] = 0.0
        w = np.exp(scores - top)
        total = w.sum(axis=-1, keepdims=True)
        total[total == 0] = 1.0  # fully masked: weights all 0, output 0
        out += (w / total) @ v @ Wo[cols, :]
    return out

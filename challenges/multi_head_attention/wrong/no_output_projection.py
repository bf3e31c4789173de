# expect: wrong_answer
# The heads concatenated but never multiplied by Wo.
import numpy as np


def multi_head_attention(x, Wq, Wk, Wv, Wo, num_heads, mask=None):
    N, L, d = x.shape
    dh = d // num_heads

    def split(W):
        return (x @ W).reshape(N, L, num_heads, dh).transpose(0, 2, 1, 3)

    q, k, v = split(Wq), split(Wk), split(Wv)
    s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(dh)
    if mask is not None:
        s = np.where(np.broadcast_to(mask, (N, L, L))[:, None], s, -np.inf)
    top = s.max(axis=-1, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    w = np.exp(s - top)
    total = w.sum(axis=-1, keepdims=True)
    w = np.divide(w, total, out=np.zeros_like(w), where=total > 0)
    heads = w @ v
    return heads.transpose(0, 2, 1, 3).reshape(N, L, d)

# expect: accepted
# Weights reshaped to (d_model, heads, d_head) and einsum throughout; Q scaled first; a large
# finite penalty for masked scores, then fully masked rows zeroed.
import numpy as np


def multi_head_attention(x, Wq, Wk, Wv, Wo, num_heads, mask=None):
    N, L, d = x.shape
    dh = d // num_heads
    q = np.einsum("nld,dhe->nhle", x, Wq.reshape(d, num_heads, dh)) / np.sqrt(dh)
    k = np.einsum("nld,dhe->nhle", x, Wk.reshape(d, num_heads, dh))
    v = np.einsum("nld,dhe->nhle", x, Wv.reshape(d, num_heads, dh))
    s = np.einsum("nhqe,nhke->nhqk", q, k)
    if mask is not None:
        m = np.broadcast_to(np.asarray(mask, dtype=bool), (N, L, L))[:, None, :, :]
        s = np.where(m, s, -1e30)
    s = s - s.max(axis=-1, keepdims=True)
    p = np.exp(s)
    p = p / p.sum(axis=-1, keepdims=True)
    if mask is not None:
        p = p * m.any(axis=-1, keepdims=True)
    heads = np.einsum("nhqk,nhke->nhqe", p, v)
    return np.einsum("nhqe,hef->nqf", heads, Wo.reshape(num_heads, dh, d))

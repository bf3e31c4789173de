# expect: accepted
# Flattens the batch dimensions and loops over them with a 2-D softmax; the mask multiplies the
# exponentials (renormalised), which is exact because the shift uses the kept scores only.
import numpy as np


def scaled_dot_product_attention(Q, K, V, mask=None):
    Q, K, V = np.asarray(Q), np.asarray(K), np.asarray(V)
    batch = np.broadcast_shapes(Q.shape[:-2], K.shape[:-2], V.shape[:-2])
    lq, lk, dv = Q.shape[-2], K.shape[-2], V.shape[-1]
    if mask is None:
        mask = np.ones((lq, lk), dtype=bool)
    mask = np.broadcast_to(mask, (*batch, lq, lk)).reshape(-1, lq, lk)
    Qs = np.broadcast_to(Q, (*batch, *Q.shape[-2:])).reshape(-1, lq, Q.shape[-1])
    Ks = np.broadcast_to(K, (*batch, *K.shape[-2:])).reshape(-1, lk, K.shape[-1])
    Vs = np.broadcast_to(V, (*batch, *V.shape[-2:])).reshape(-1, lk, dv)
    out = np.zeros((len(Qs), lq, dv), dtype=np.result_type(Q, K, V, np.float64))
    for b in range(len(Qs)):
        scores = Qs[b] @ Ks[b].T / np.sqrt(Q.shape[-1])
        top = np.max(np.where(mask[b], scores, -np.inf), axis=1, keepdims=True)
        top[~np.isfinite(top)] = 0.0
        e = np.exp(np.minimum(scores - top, 0.0)) * mask[b]
        total = e.sum(axis=1, keepdims=True)
        ok = total[:, 0] > 0
        out[b, ok] = (e[ok] / total[ok]) @ Vs[b]
    return out.reshape(*batch, lq, dv)

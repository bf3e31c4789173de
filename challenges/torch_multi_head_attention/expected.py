"""The expected results of torch_multi_head_attention, on the worker, in NumPy: what harness.py
returns for the reference. The parameter shapes come from the statement (four embed_dim x
embed_dim projections with biases), the attention is written out per head with a max-shifted
softmax over the keys that are not masked; a query with no such key gets a zero context, so its
output is out_proj's bias."""

import numpy as np

PROJECTIONS = ("q_proj", "k_proj", "v_proj", "out_proj")


def linear(x, weights, name):
    return x @ weights[f"{name}.weight"].T + weights[f"{name}.bias"]


# The entry point's name, as the harness's steps see it: a function here, returning the dict.
def MultiHeadAttention(
    embed_dim, num_heads, weights, query, key, value, key_padding_mask=None, attn_mask=None
):
    shapes = {}
    for name in PROJECTIONS:
        shapes[f"{name}.weight"] = [embed_dim, embed_dim]
        shapes[f"{name}.bias"] = [embed_dim]
    batch, length, _ = query.shape
    keys = key.shape[1]
    head = embed_dim // num_heads
    q = linear(query, weights, "q_proj")
    k = linear(key, weights, "k_proj")
    v = linear(value, weights, "v_proj")
    allowed = np.ones((batch, length, keys), dtype=bool)
    if attn_mask is not None:
        allowed &= ~attn_mask[None]
    if key_padding_mask is not None:
        allowed &= ~key_padding_mask[:, None, :]
    context = np.zeros((batch, length, embed_dim))
    for h in range(num_heads):
        cols = slice(h * head, (h + 1) * head)
        scores = np.einsum("bld,bsd->bls", q[..., cols], k[..., cols]) / np.sqrt(head)
        scores = np.where(allowed, scores, -np.inf)
        top = scores.max(axis=-1, keepdims=True)
        top = np.where(np.isfinite(top), top, 0.0)
        e = np.where(allowed, np.exp(scores - top), 0.0)
        total = e.sum(axis=-1, keepdims=True)
        p = np.divide(e, total, out=np.zeros_like(e), where=total > 0)
        context[..., cols] = p @ v[..., cols]
    return {
        "parameters": shapes,
        "forbidden": [],
        "output": linear(context, weights, "out_proj"),
    }

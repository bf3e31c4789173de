# expect: accepted
# One head at a time, on column slices of the projected tensors, with the softmax written out:
# the largest allowed score subtracted, exp, masked to zero, divided by a sum that is 0 only for
# a query with no allowed key (left at zero).
import torch
import torch.nn as nn


class MultiHeadAttention(nn.Module):
    def __init__(self, embed_dim, num_heads):
        super().__init__()
        assert embed_dim % num_heads == 0
        self.h = num_heads
        self.d = embed_dim // num_heads
        for name in ("q_proj", "k_proj", "v_proj", "out_proj"):
            setattr(self, name, nn.Linear(embed_dim, embed_dim))

    def forward(self, query, key, value, key_padding_mask=None, attn_mask=None):
        q, k, v = self.q_proj(query), self.k_proj(key), self.v_proj(value)
        B, L, _ = q.shape
        S = k.shape[1]
        allowed = torch.ones(B, L, S, dtype=torch.bool)
        if attn_mask is not None:
            allowed &= ~attn_mask.unsqueeze(0)
        if key_padding_mask is not None:
            allowed &= ~key_padding_mask.unsqueeze(1)
        outputs = []
        for i in range(self.h):
            cols = slice(i * self.d, (i + 1) * self.d)
            s = torch.bmm(q[..., cols], k[..., cols].transpose(1, 2)) / self.d**0.5
            s = torch.where(allowed, s, torch.tensor(float("-inf"), dtype=s.dtype))
            top = s.amax(dim=-1, keepdim=True)
            top = torch.where(torch.isfinite(top), top, torch.zeros_like(top))
            e = torch.exp(s - top) * allowed
            total = e.sum(dim=-1, keepdim=True)
            p = torch.where(total > 0, e / total.clamp_min(1e-300), torch.zeros_like(e))
            outputs.append(torch.bmm(p, v[..., cols]))
        return self.out_proj(torch.cat(outputs, dim=-1))

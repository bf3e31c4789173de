# expect: accepted
# einsum throughout, the heads as an unflattened axis; masked scores get the dtype's most negative
# finite value rather than -inf (no NaN to clean up), and queries with no allowed key are zeroed
# after the softmax, which would otherwise spread their weight evenly over masked keys.
import torch
from torch import nn


class MultiHeadAttention(nn.Module):
    def __init__(self, embed_dim, num_heads):
        super().__init__()
        self.num_heads = num_heads
        self.q_proj = nn.Linear(embed_dim, embed_dim, bias=True)
        self.k_proj = nn.Linear(embed_dim, embed_dim, bias=True)
        self.v_proj = nn.Linear(embed_dim, embed_dim, bias=True)
        self.out_proj = nn.Linear(embed_dim, embed_dim, bias=True)

    def forward(self, query, key, value, key_padding_mask=None, attn_mask=None):
        h = self.num_heads
        q = self.q_proj(query).unflatten(-1, (h, -1))  # (B, L, H, D)
        k = self.k_proj(key).unflatten(-1, (h, -1))
        v = self.v_proj(value).unflatten(-1, (h, -1))
        scores = torch.einsum("blhd,bshd->bhls", q, k) * q.shape[-1] ** -0.5
        allowed = torch.ones_like(scores, dtype=torch.bool)
        if attn_mask is not None:
            allowed = allowed & ~attn_mask
        if key_padding_mask is not None:
            allowed = allowed & ~key_padding_mask[:, None, None, :]
        scores = scores.masked_fill(~allowed, torch.finfo(scores.dtype).min)
        weights = torch.softmax(scores, dim=-1) * allowed.any(dim=-1, keepdim=True)
        context = torch.einsum("bhls,bshd->blhd", weights, v).flatten(-2)
        return self.out_proj(context)

# expect: wrong_answer
# PyTorch's fused attention, F.scaled_dot_product_attention, which the statement forbids (imported
# by name, so the harness must look in the submission's own module to see it). Its boolean mask
# is True where attending is allowed, the opposite of nn.MultiheadAttention's.
import torch
from torch import nn
from torch.nn.functional import scaled_dot_product_attention


class MultiHeadAttention(nn.Module):
    def __init__(self, embed_dim, num_heads):
        super().__init__()
        self.num_heads = num_heads
        self.q_proj = nn.Linear(embed_dim, embed_dim)
        self.k_proj = nn.Linear(embed_dim, embed_dim)
        self.v_proj = nn.Linear(embed_dim, embed_dim)
        self.out_proj = nn.Linear(embed_dim, embed_dim)

    def forward(self, query, key, value, key_padding_mask=None, attn_mask=None):
        b, n, e = query.shape

        def heads(x):
            return x.unflatten(-1, (self.num_heads, -1)).transpose(1, 2)

        q, k, v = heads(self.q_proj(query)), heads(self.k_proj(key)), heads(self.v_proj(value))
        allowed = torch.ones(n, k.shape[2], dtype=torch.bool)
        if attn_mask is not None:
            allowed = allowed & ~attn_mask
        if key_padding_mask is not None:
            allowed = allowed & ~key_padding_mask[:, None, None, :]
        context = scaled_dot_product_attention(q, k, v, attn_mask=allowed)
        context = context.nan_to_num(0.0)  # queries with no key: the statement's zero context
        return self.out_proj(context.transpose(1, 2).reshape(b, n, e))

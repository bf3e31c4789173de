# expect: wrong_answer
# Scores divided by sqrt(embed_dim) rather than sqrt(head_dim): the softmax is too flat.
import math

import torch
from torch import nn


class MultiHeadAttention(nn.Module):
    def __init__(self, embed_dim, num_heads):
        super().__init__()
        if embed_dim % num_heads:
            raise ValueError("embed_dim must be a multiple of num_heads")
        self.num_heads = num_heads
        self.head_dim = embed_dim // num_heads
        self.q_proj = nn.Linear(embed_dim, embed_dim)
        self.k_proj = nn.Linear(embed_dim, embed_dim)
        self.v_proj = nn.Linear(embed_dim, embed_dim)
        self.out_proj = nn.Linear(embed_dim, embed_dim)

    def _heads(self, x):
        # (B, T, E) -> (B, H, T, head_dim): head h is features h * head_dim ... (h + 1) * head_dim.
        batch, length, _ = x.shape
        return x.view(batch, length, self.num_heads, self.head_dim).transpose(1, 2)

    def forward(self, query, key, value, key_padding_mask=None, attn_mask=None):
        batch, length, embed_dim = query.shape
        q = self._heads(self.q_proj(query))
        k = self._heads(self.k_proj(key))
        v = self._heads(self.v_proj(value))
        scores = q @ k.transpose(-2, -1) / math.sqrt(embed_dim)  # (B, H, L, S)
        blocked = torch.zeros(scores.shape[-2:], dtype=torch.bool)
        if attn_mask is not None:
            blocked = blocked | attn_mask  # (L, S): the same for every sequence and head
        if key_padding_mask is not None:
            blocked = blocked | key_padding_mask[:, None, None, :]  # (B, 1, 1, S)
        weights = torch.softmax(scores.masked_fill(blocked, float("-inf")), dim=-1)
        # A query whose keys are all masked has a row of NaN (0 / 0): it attends to nothing.
        weights = weights.masked_fill(blocked.all(dim=-1, keepdim=True), 0.0)
        context = (weights @ v).transpose(1, 2).reshape(batch, length, embed_dim)
        return self.out_proj(context)

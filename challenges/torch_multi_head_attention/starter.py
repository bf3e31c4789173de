import torch
from torch import nn


class MultiHeadAttention(nn.Module):
    def __init__(self, embed_dim: int, num_heads: int):
        """q_proj, k_proj, v_proj and out_proj: nn.Linear(embed_dim, embed_dim), with biases;
        num_heads heads of embed_dim // num_heads features each."""
        super().__init__()
        raise NotImplementedError

    def forward(
        self,
        query: torch.Tensor,
        key: torch.Tensor,
        value: torch.Tensor,
        key_padding_mask: torch.Tensor | None = None,
        attn_mask: torch.Tensor | None = None,
    ) -> torch.Tensor:
        """query (B, L, E), key and value (B, S, E); key_padding_mask (B, S) bool, True for a
        padded key; attn_mask (L, S) bool, True where query i may not attend to key j.
        Returns (B, L, E). Without nn.MultiheadAttention or F.scaled_dot_product_attention."""
        raise NotImplementedError

import torch
from torch import nn


class LSTMClassifier(nn.Module):
    def __init__(
        self, vocab_size: int, embed_dim: int, hidden_dim: int, num_classes: int, padding_idx=0
    ):
        """embedding: nn.Embedding(vocab_size, embed_dim, padding_idx=padding_idx); lstm: one
        layer of nn.LSTM(embed_dim, hidden_dim, batch_first=True); fc: nn.Linear(hidden_dim,
        num_classes)."""
        super().__init__()
        raise NotImplementedError

    def forward(self, tokens: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """tokens (B, T) int64, padded on the right with padding_idx; lengths (B,) int64, each
        from 1 to T, in any order. Returns the logits (B, num_classes): fc applied to each
        sequence's hidden state after its last real token (time step lengths[b] - 1)."""
        raise NotImplementedError

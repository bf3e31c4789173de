import torch
from torch import nn


def fine_tune(
    backbone: nn.Module, features_dim: int, num_classes: int, X: torch.Tensor, y: torch.Tensor
) -> nn.Module:
    """Transfer learning: ``backbone`` is pre-trained and maps (N, D) float32 inputs to
    (N, features_dim) features. Freeze it (its parameters must not change and must not require
    grad; its batch norm's running statistics must not change either), put a new head for
    ``num_classes`` classes on top, train only the head on ``X`` (N, D) float32 and ``y`` (N,)
    int64 labels, and return a module that contains ``backbone`` and maps inputs to
    (N, num_classes) logits."""
    raise NotImplementedError

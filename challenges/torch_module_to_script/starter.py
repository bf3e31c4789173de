import torch
from torch import nn


class ScriptableModel(nn.Module):
    """The statement's ExpertRouter, rewritten so that torch.jit.script(model) compiles, with the
    same parameter names (gate, experts.0, experts.1, head) and the same outputs as the eager
    module on every branch."""

    def __init__(self, dim: int, hidden: int):
        super().__init__()
        raise NotImplementedError

    def forward(
        self,
        x: torch.Tensor,
        mask: torch.Tensor | None = None,
        activation: str = "gelu",
        clip: float | None = None,
    ) -> torch.Tensor:
        raise NotImplementedError

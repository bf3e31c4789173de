# expect: wrong_answer
# clip translated as an upper bound only: y.clamp(max=clip) leaves values below -clip alone.
import math

import torch
import torch.nn.functional as F
from torch import nn


class ScriptableModel(nn.Module):
    def __init__(self, dim: int, hidden: int):
        super().__init__()
        self.gate = nn.Linear(dim, 1)
        self.experts = nn.ModuleList([nn.Linear(dim, hidden), nn.Linear(dim, hidden)])
        self.head = nn.Linear(hidden, dim)

    def forward(
        self,
        x: torch.Tensor,
        mask: torch.Tensor | None = None,
        activation: str = "gelu",
        clip: float | None = None,
    ) -> torch.Tensor:
        score = self.gate(x).mean()
        h = self.experts[0](x) if bool(score > 0) else self.experts[1](x)
        h = F.gelu(h) if activation == "gelu" else torch.tanh(h)
        if mask is not None:
            h = h * mask.unsqueeze(-1)
        y = self.head(h) / math.sqrt(h.shape[-1])
        if clip is not None:
            y = y.clamp(max=clip)
        return x + y

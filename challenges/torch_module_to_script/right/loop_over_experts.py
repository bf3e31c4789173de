# expect: accepted
# The expert's index kept as in the eager module (int(score <= 0)), and the ModuleList iterated
# with enumerate, which TorchScript unrolls; the scale from the head's in_features, kept as a
# float attribute at construction.
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
        self.scale = 1.0 / math.sqrt(hidden)

    def forward(
        self,
        x: torch.Tensor,
        mask: torch.Tensor | None = None,
        activation: str = "gelu",
        clip: float | None = None,
    ) -> torch.Tensor:
        chosen = int(self.gate(x).mean() <= 0)
        h = torch.empty(0)
        for index, expert in enumerate(self.experts):
            if index == chosen:
                h = expert(x)
        h = F.gelu(h) if activation == "gelu" else torch.tanh(h)
        if mask is not None:
            h = h * mask.unsqueeze(1)
        y = self.head(h) * self.scale
        if clip is not None:
            y = y.clamp(-clip, clip)
        return x + y

# expect: accepted
# Both experts computed and one chosen with torch.where (no branch at all: traceable too); the
# scale as h.shape[-1] ** 0.5; Optional from typing.
from typing import Optional

import torch
import torch.nn.functional as F
from torch import nn


class ScriptableModel(nn.Module):
    def __init__(self, dim: int, hidden: int):
        super().__init__()
        self.gate = nn.Linear(dim, 1)
        self.experts = nn.ModuleList([nn.Linear(dim, hidden) for _ in range(2)])
        self.head = nn.Linear(hidden, dim)

    def forward(
        self,
        x: torch.Tensor,
        mask: Optional[torch.Tensor] = None,  # noqa: UP045  (typing's spelling, as many write it)
        activation: str = "gelu",
        clip: Optional[float] = None,  # noqa: UP045
    ) -> torch.Tensor:
        first = self.gate(x).mean() > 0
        h = torch.where(first, self.experts[0](x), self.experts[1](x))
        h = F.gelu(h) if activation == "gelu" else torch.tanh(h)
        if mask is not None:
            h = h * mask[:, None]
        y = self.head(h) / (h.shape[-1] ** 0.5)
        if clip is not None:
            y = torch.clamp(y, min=-clip, max=clip)
        return x + y

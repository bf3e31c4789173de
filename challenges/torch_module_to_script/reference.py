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
        # TorchScript indexes a ModuleList by constants only: the data-dependent choice becomes an
        # if, which script compiles as a real branch (a trace would freeze one side of it).
        score = self.gate(x).mean()
        h = self.experts[0](x) if bool(score > 0) else self.experts[1](x)
        h = F.gelu(h) if activation == "gelu" else torch.tanh(h)
        if mask is not None:  # refines Optional[Tensor] to Tensor
            h = h * mask.unsqueeze(-1)
        # math.sqrt of an int compiles; the eager module's np.sqrt does not.
        y = self.head(h) / math.sqrt(h.shape[-1])
        if clip is not None:
            y = y.clamp(-clip, clip)
        return x + y

# expect: runtime_error
# The numpy call kept behind @torch.jit.ignore: script compiles it as a call back into Python,
# and the module runs, but it cannot be saved (torch.jit.save refuses a Python call), which is
# what scripting is for.
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


class ScriptableModel(nn.Module):
    def __init__(self, dim: int, hidden: int):
        super().__init__()
        self.gate = nn.Linear(dim, 1)
        self.experts = nn.ModuleList([nn.Linear(dim, hidden), nn.Linear(dim, hidden)])
        self.head = nn.Linear(hidden, dim)

    @torch.jit.ignore
    def scale(self, n: int) -> float:
        return float(np.sqrt(n))

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
        y = self.head(h) / self.scale(h.shape[-1])
        if clip is not None:
            y = y.clamp(-clip, clip)
        return x + y

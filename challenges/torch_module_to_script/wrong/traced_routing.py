# expect: wrong_answer
# The awkward routing traced instead of scripted: torch.jit.trace records the operations one
# example ran, so the branch that example took (the first expert, its gate score being 1) is
# the only one left, and every batch goes to experts[0]. The outer module scripts fine, eager and
# scripted agree with each other, and both are wrong for a batch whose score is <= 0.
import math

import torch
import torch.nn.functional as F
from torch import nn


def _route(x, gate_w, gate_b, w0, b0, w1, b1):
    score = F.linear(x, gate_w, gate_b).mean()
    if score > 0:
        return F.linear(x, w0, b0)
    return F.linear(x, w1, b1)


_example = (
    torch.ones(2, 1),
    torch.zeros(1, 1),
    torch.ones(1),
    *(torch.ones(1, 1), torch.ones(1)) * 2,
)
route = torch.jit.trace(_route, _example, check_trace=False)


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
        first, second = self.experts[0], self.experts[1]
        h = route(
            x,
            self.gate.weight,
            self.gate.bias,
            first.weight,
            first.bias,
            second.weight,
            second.bias,
        )
        h = F.gelu(h) if activation == "gelu" else torch.tanh(h)
        if mask is not None:
            h = h * mask.unsqueeze(-1)
        y = self.head(h) / math.sqrt(h.shape[-1])
        if clip is not None:
            y = y.clamp(-clip, clip)
        return x + y

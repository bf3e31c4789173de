# expect: runtime_error
# The statement's eager module as it is, renamed: **options, an untyped mask=None, a ModuleList
# indexed by a value computed from the data, np.sqrt in forward. torch.jit.script refuses it.
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


class ScriptableModel(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.gate = nn.Linear(dim, 1)
        self.experts = nn.ModuleList([nn.Linear(dim, hidden), nn.Linear(dim, hidden)])
        self.head = nn.Linear(hidden, dim)

    def forward(self, x, mask=None, **options):
        score = self.gate(x).mean()
        h = self.experts[int(score <= 0)](x)
        if options.get("activation", "gelu") == "gelu":
            h = F.gelu(h)
        else:
            h = torch.tanh(h)
        if mask is not None:
            h = h * mask.unsqueeze(-1)
        y = self.head(h) / np.sqrt(h.shape[-1])
        clip = options.get("clip")
        if clip is not None:
            y = y.clamp(-clip, clip)
        return x + y

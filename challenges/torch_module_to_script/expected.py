"""The expected results of torch_module_to_script, on the worker, in NumPy: what harness.py
returns for the reference, the statement's eager module written out (the worker has no PyTorch).
The eager module and the scripted one must both give it, call after call."""

import math

import numpy as np

_erf = np.vectorize(math.erf, otypes=[np.float64])


def _forward(weights, x, mask=None, activation="gelu", clip=None):
    score = np.mean(x @ weights["gate.weight"].T + weights["gate.bias"])
    expert = 0 if score > 0 else 1
    h = x @ weights[f"experts.{expert}.weight"].T + weights[f"experts.{expert}.bias"]
    # F.gelu's default is the exact GELU, h * Phi(h).
    h = 0.5 * h * (1.0 + _erf(h / math.sqrt(2.0))) if activation == "gelu" else np.tanh(h)
    if mask is not None:
        h = h * mask[:, None]
    y = (h @ weights["head.weight"].T + weights["head.bias"]) / math.sqrt(h.shape[-1])
    if clip is not None:
        y = np.clip(y, -clip, clip)
    return x + y


def ScriptableModel(dim, hidden, weights, calls):
    outputs = [_forward(weights, **call) for call in calls]
    return {"eager": outputs, "scripted": [o.copy() for o in outputs]}

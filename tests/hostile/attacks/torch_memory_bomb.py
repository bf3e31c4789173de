# challenge: torch_vae
# verdict: memory_limit_exceeded
# message: (?i)memory
"""Asks PyTorch's allocator for ever more 256 MB tensors, touched so that the pages are real:
the sandbox's memory limit holds for PyTorch's allocations as for NumPy's."""

import torch


def negative_elbo(x, mu, log_var, eps, decoder):
    kept = []
    while True:
        kept.append(torch.ones(32 << 20, dtype=torch.float64))

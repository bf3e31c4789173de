# challenge: torch_vae
# verdict: wrong_answer
# message: the loss is 1,
"""Replaces torch.Tensor.backward with a function that writes plausible gradients itself (all
ones) and returns a constant loss: the harness calls backward in the submission's process, so it
can be fooled, but the worker checks what comes back against its own NumPy loss and gradients."""

import torch


def fake_backward(self, *args, **kwargs):
    for leaf in _leaves:
        leaf.grad = torch.ones_like(leaf)


torch.Tensor.backward = fake_backward
_leaves = []


def negative_elbo(x, mu, log_var, eps, decoder):
    _leaves[:] = [mu, log_var, *decoder.parameters()]
    return (mu * 0).sum() + 1.0

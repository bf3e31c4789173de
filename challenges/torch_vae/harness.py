"""torch_vae's harness: runs in the sandbox, around the submission's negative_elbo.

Each case's step calls ``run(x, mu, log_var, eps, weight, bias)`` with NumPy arrays. Here they
become float64 tensors, ``mu``, ``log_var`` and the linear decoder's ``weight`` and ``bias``
requiring gradients; the submission's loss is checked to be a 0-d tensor in the graph, then
``backward()`` runs, and the loss and the four gradients come back as NumPy values. This code
runs in the submission's own process: what it returns is checked by the worker like any
submission's result.
"""

import torch


class Decoder(torch.nn.Module):
    """The decoder the candidate is given: logits = z @ weight.T + bias."""

    def __init__(self, weight, bias):
        super().__init__()
        self.weight = torch.nn.Parameter(weight)
        self.bias = torch.nn.Parameter(bias)

    def forward(self, z):
        return torch.nn.functional.linear(z, self.weight, self.bias)


def bind(negative_elbo):
    def run(x, mu, log_var, eps, weight, bias):
        x, eps = torch.from_numpy(x), torch.from_numpy(eps)
        mu = torch.from_numpy(mu).requires_grad_(True)
        log_var = torch.from_numpy(log_var).requires_grad_(True)
        decoder = Decoder(torch.from_numpy(weight), torch.from_numpy(bias))
        loss = negative_elbo(x, mu, log_var, eps, decoder)
        if not isinstance(loss, torch.Tensor):
            raise TypeError(f"negative_elbo must return a torch.Tensor, not {type(loss).__name__}")
        if loss.dim() != 0:
            raise ValueError(f"negative_elbo must return a 0-d tensor, not of shape {loss.shape}")
        if not loss.requires_grad:
            raise ValueError(
                "the loss does not require grad: compute it from mu, log_var and decoder(z)"
                " with PyTorch operations, without detaching"
            )
        loss.backward()
        leaves = {"mu": mu, "log_var": log_var, "weight": decoder.weight, "bias": decoder.bias}
        # A leaf the loss does not depend on has no gradient: zeros, which the checker rejects.
        grads = {
            f"grad_{k}": torch.zeros_like(v) if v.grad is None else v.grad
            for k, v in leaves.items()
        }
        return {"loss": loss.detach(), **grads}

    return run

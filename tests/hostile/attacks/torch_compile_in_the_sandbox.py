# challenge: torch_vae
# verdict: runtime_error
# message: .
"""torch.compile: its inductor backend wants a C compiler and a writable cache, neither of which
the sandbox has; the failure is the submission's, with PyTorch's message."""

import torch
import torch.nn.functional as F


@torch.compile
def _kl(mu, log_var):
    return 0.5 * torch.sum(mu**2 + torch.expm1(log_var) - log_var)


def negative_elbo(x, mu, log_var, eps, decoder):
    z = mu + torch.exp(0.5 * log_var) * eps
    recon = F.binary_cross_entropy_with_logits(decoder(z), x, reduction="sum")
    return (recon + _kl(mu, log_var)) / x.shape[0]

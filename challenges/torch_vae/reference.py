import torch
import torch.nn.functional as F


def negative_elbo(x, mu, log_var, eps, decoder):
    n = x.shape[0]
    # The reparameterisation trick: the sample is a differentiable function of mu and log_var.
    z = mu + torch.exp(0.5 * log_var) * eps
    logits = decoder(z)
    reconstruction = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
    kl = 0.5 * torch.sum(mu**2 + torch.expm1(log_var) - log_var)
    return (reconstruction + kl) / n

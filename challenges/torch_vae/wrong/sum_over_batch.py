# expect: wrong_answer
# Summed over the batch instead of averaged.
import torch
import torch.nn.functional as F


def negative_elbo(x, mu, log_var, eps, decoder):
    z = mu + torch.exp(0.5 * log_var) * eps
    recon = F.binary_cross_entropy_with_logits(decoder(z), x, reduction="sum")
    return recon - 0.5 * torch.sum(1 + log_var - mu**2 - log_var.exp())

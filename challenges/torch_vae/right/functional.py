# expect: accepted
# The reference's form: binary_cross_entropy_with_logits summed over each sample's pixels, the KL
# in closed form, a mean over the batch.
import torch
import torch.nn.functional as F


def negative_elbo(x, mu, log_var, eps, decoder):
    std = torch.exp(0.5 * log_var)
    z = mu + std * eps
    recon = F.binary_cross_entropy_with_logits(decoder(z), x, reduction="none").sum(dim=1)
    kl = -0.5 * torch.sum(1 + log_var - mu.pow(2) - log_var.exp(), dim=1)
    return (recon + kl).mean()

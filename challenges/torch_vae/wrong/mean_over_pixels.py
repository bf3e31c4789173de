# expect: wrong_answer
# The cross-entropy's default reduction, a mean over every pixel of the batch, instead of a sum
# over each sample's pixels.
import torch
import torch.nn.functional as F


def negative_elbo(x, mu, log_var, eps, decoder):
    z = mu + torch.exp(0.5 * log_var) * eps
    recon = F.binary_cross_entropy_with_logits(decoder(z), x)
    kl = -0.5 * torch.sum(1 + log_var - mu**2 - log_var.exp(), dim=1).mean()
    return recon + kl

# expect: runtime_error
# log_var halved in place: a leaf that requires grad cannot be modified in place, and PyTorch
# says so.
import torch
import torch.nn.functional as F


def negative_elbo(x, mu, log_var, eps, decoder):
    log_var.mul_(0.5)
    z = mu + torch.exp(log_var) * eps
    recon = F.binary_cross_entropy_with_logits(decoder(z), x, reduction="sum")
    kl = -0.5 * torch.sum(1 + 2 * log_var - mu**2 - (2 * log_var).exp())
    return (recon + kl) / x.shape[0]

# expect: accepted
# The cross-entropy written out stably: max(l, 0) - l * x + log1p(exp(-|l|)).
import torch


def negative_elbo(x, mu, log_var, eps, decoder):
    z = mu + torch.exp(log_var / 2) * eps
    logits = decoder(z)
    bce = torch.clamp(logits, min=0) - logits * x + torch.log1p(torch.exp(-logits.abs()))
    kl = 0.5 * (mu * mu + log_var.exp() - 1 - log_var)
    return (bce.sum() + kl.sum()) / x.shape[0]

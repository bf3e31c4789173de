# expect: accepted
# torch.distributions: Normal(mu, std).rsample would draw its own noise, so the sample is formed
# from eps; the KL from kl_divergence against the standard normal, the reconstruction from a
# Bernoulli's log_prob on the logits (validate_args=False: grey levels in [0, 1] are not in its
# support of 0 and 1, yet the formula is the cross-entropy all the same).
import torch
from torch.distributions import Bernoulli, Normal, kl_divergence


def negative_elbo(x, mu, log_var, eps, decoder):
    std = torch.exp(0.5 * log_var)
    z = mu + std * eps
    posterior = Normal(mu, std)
    prior = Normal(torch.zeros_like(mu), torch.ones_like(std))
    kl = kl_divergence(posterior, prior).sum(dim=1)
    recon = -Bernoulli(logits=decoder(z), validate_args=False).log_prob(x).sum(dim=1)
    return torch.mean(recon + kl)

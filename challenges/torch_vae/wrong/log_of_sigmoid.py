# expect: wrong_answer
# The cross-entropy from sigmoid's probabilities: right until the logits reach 1e3, where
# sigmoid is exactly 0 or 1 and the loss becomes inf or NaN.
import torch


def negative_elbo(x, mu, log_var, eps, decoder):
    z = mu + torch.exp(0.5 * log_var) * eps
    p = torch.sigmoid(decoder(z))
    recon = -(x * torch.log(p) + (1 - x) * torch.log(1 - p)).sum()
    kl = -0.5 * torch.sum(1 + log_var - mu**2 - log_var.exp())
    return (recon + kl) / x.shape[0]

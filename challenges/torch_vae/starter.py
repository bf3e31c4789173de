import torch


def negative_elbo(
    x: torch.Tensor,
    mu: torch.Tensor,
    log_var: torch.Tensor,
    eps: torch.Tensor,
    decoder: torch.nn.Module,
) -> torch.Tensor:
    """The mean over the batch of each sample's negative ELBO: the binary cross-entropy of x
    against sigmoid(decoder(z)), summed over the pixels, plus the KL divergence from N(0, I) to
    N(mu, exp(log_var)), where z = mu + exp(0.5 * log_var) * eps is the reparameterised sample.
    Returns a 0-d tensor that autograd can differentiate with respect to mu, log_var and the
    decoder's parameters."""
    raise NotImplementedError

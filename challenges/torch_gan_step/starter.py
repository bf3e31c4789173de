import torch


def gan_step(
    generator: torch.nn.Module,
    discriminator: torch.nn.Module,
    g_optimizer: torch.optim.Optimizer,
    d_optimizer: torch.optim.Optimizer,
    real: torch.Tensor,
    noise: torch.Tensor,
) -> tuple[torch.Tensor, torch.Tensor]:
    """One discriminator step, then one generator step through the updated discriminator, with
    the standard non-saturating GAN losses (binary cross-entropy on the discriminator's logits).
    Returns (d_loss, g_loss), each as computed before its own network's update: floats or 0-d
    tensors."""
    raise NotImplementedError

import torch
import torch.nn.functional as F


def gan_step(generator, discriminator, g_optimizer, d_optimizer, real, noise):
    # The discriminator's step: real samples labelled 1, generated ones 0. The generated batch is
    # detached, so that this loss's gradient stops at the discriminator.
    d_optimizer.zero_grad()
    fake = generator(noise)
    real_logits = discriminator(real)
    fake_logits = discriminator(fake.detach())
    d_loss = F.binary_cross_entropy_with_logits(
        real_logits, torch.ones_like(real_logits)
    ) + F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))
    d_loss.backward()
    d_optimizer.step()

    # The generator's step, through the discriminator just updated: the non-saturating loss,
    # the generated batch labelled 1.
    g_optimizer.zero_grad()
    logits = discriminator(fake)
    g_loss = F.binary_cross_entropy_with_logits(logits, torch.ones_like(logits))
    g_loss.backward()
    g_optimizer.step()
    return d_loss.detach(), g_loss.detach()

# expect: wrong_answer
# The discriminator's labels swapped: real samples labelled 0, generated ones 1.
import torch
import torch.nn.functional as F


def gan_step(generator, discriminator, g_optimizer, d_optimizer, real, noise):
    d_optimizer.zero_grad()
    fake = generator(noise)
    real_logits = discriminator(real)
    fake_logits = discriminator(fake.detach())
    d_loss = F.binary_cross_entropy_with_logits(
        real_logits, torch.zeros_like(real_logits)
    ) + F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))
    d_loss.backward()
    d_optimizer.step()

    g_optimizer.zero_grad()
    logits = discriminator(fake)
    g_loss = F.binary_cross_entropy_with_logits(logits, torch.ones_like(logits))
    g_loss.backward()
    g_optimizer.step()
    return d_loss.item(), g_loss.item()

# expect: wrong_answer
# The generator's step taken first, through the discriminator as it was before this step's
# update (the old discriminator), then the discriminator's step on the same generated batch.
import torch
import torch.nn.functional as F


def gan_step(generator, discriminator, g_optimizer, d_optimizer, real, noise):
    fake = generator(noise)
    g_optimizer.zero_grad()
    logits = discriminator(fake)
    g_loss = F.binary_cross_entropy_with_logits(logits, torch.ones_like(logits))
    g_loss.backward()
    g_optimizer.step()

    d_optimizer.zero_grad()
    real_logits = discriminator(real)
    fake_logits = discriminator(fake.detach())
    d_loss = F.binary_cross_entropy_with_logits(
        real_logits, torch.ones_like(real_logits)
    ) + F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))
    d_loss.backward()
    d_optimizer.step()
    return d_loss.item(), g_loss.item()

# expect: wrong_answer
# The minimax (saturating) generator loss: minimise log(1 - D(G(z))), i.e. the negated
# cross-entropy of the fake batch against label 0, instead of the cross-entropy against label 1.
import torch
import torch.nn.functional as F


def gan_step(generator, discriminator, g_optimizer, d_optimizer, real, noise):
    d_optimizer.zero_grad()
    fake = generator(noise)
    real_logits = discriminator(real)
    fake_logits = discriminator(fake.detach())
    d_loss = F.binary_cross_entropy_with_logits(
        real_logits, torch.ones_like(real_logits)
    ) + F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))
    d_loss.backward()
    d_optimizer.step()

    g_optimizer.zero_grad()
    logits = discriminator(fake)
    g_loss = -F.binary_cross_entropy_with_logits(logits, torch.zeros_like(logits))
    g_loss.backward()
    g_optimizer.step()
    return d_loss.item(), g_loss.item()

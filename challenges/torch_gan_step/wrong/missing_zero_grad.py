# expect: wrong_answer
# No zero_grad for the discriminator: its .grad keeps what the previous step left there (its own
# loss's gradient, and the generator's loss's, which reaches the discriminator's parameters too),
# so from the second step on its update is wrong.
import torch
import torch.nn.functional as F


def gan_step(generator, discriminator, g_optimizer, d_optimizer, real, noise):
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
    g_loss = F.binary_cross_entropy_with_logits(logits, torch.ones_like(logits))
    g_loss.backward()
    g_optimizer.step()
    return d_loss.item(), g_loss.item()

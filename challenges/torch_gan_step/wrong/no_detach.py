# expect: wrong_answer
# Both optimisers' gradients zeroed once at the start, and the generated batch not detached in
# the discriminator's loss: its backward reaches the generator too, and those gradients (which
# push the generator the wrong way) stay in .grad and join the generator's own step.
import torch
import torch.nn.functional as F


def gan_step(generator, discriminator, g_optimizer, d_optimizer, real, noise):
    d_optimizer.zero_grad()
    g_optimizer.zero_grad()
    real_logits = discriminator(real)
    fake_logits = discriminator(generator(noise))
    d_loss = F.binary_cross_entropy_with_logits(
        real_logits, torch.ones_like(real_logits)
    ) + F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))
    d_loss.backward()
    d_optimizer.step()

    logits = discriminator(generator(noise))
    g_loss = F.binary_cross_entropy_with_logits(logits, torch.ones_like(logits))
    g_loss.backward()
    g_optimizer.step()
    return d_loss.item(), g_loss.item()

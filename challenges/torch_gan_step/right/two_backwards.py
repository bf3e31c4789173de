# expect: accepted
# The DCGAN tutorial's shape: an nn.BCEWithLogitsLoss module, the real and the fake halves of the
# discriminator's loss each with a backward of its own (their gradients add up in .grad), the
# generator's zero_grad through the module's own method.
import torch
from torch import nn

criterion = nn.BCEWithLogitsLoss()


def gan_step(generator, discriminator, g_optimizer, d_optimizer, real, noise):
    discriminator.zero_grad()
    out_real = discriminator(real)
    err_real = criterion(out_real, torch.ones_like(out_real))
    err_real.backward()
    fake = generator(noise)
    out_fake = discriminator(fake.detach())
    err_fake = criterion(out_fake, torch.zeros_like(out_fake))
    err_fake.backward()
    d_optimizer.step()

    generator.zero_grad()
    output = discriminator(fake)
    err_g = criterion(output, torch.ones_like(output))
    err_g.backward()
    g_optimizer.step()
    return (err_real + err_fake).item(), err_g.item()

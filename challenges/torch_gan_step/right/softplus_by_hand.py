# expect: accepted
# The losses written with softplus (-log sigmoid(l) = softplus(-l), -log(1 - sigmoid(l)) =
# softplus(l)); the generator's batch generated again for its step (the generator has not changed
# since, so it is the same batch).
import torch.nn.functional as F


def gan_step(generator, discriminator, g_optimizer, d_optimizer, real, noise):
    d_optimizer.zero_grad()
    with_fake = discriminator(generator(noise).detach())
    d_loss = F.softplus(-discriminator(real)).mean() + F.softplus(with_fake).mean()
    d_loss.backward()
    d_optimizer.step()

    g_optimizer.zero_grad()
    g_loss = F.softplus(-discriminator(generator(noise))).mean()
    g_loss.backward()
    g_optimizer.step()
    return d_loss.item(), g_loss.item()

# expect: wrong_answer
# Both batches concatenated into one cross-entropy: one mean over n_real + n_fake logits, not the
# sum of a mean over each batch (half of it when the batches have the same size).
import torch
import torch.nn.functional as F


def gan_step(generator, discriminator, g_optimizer, d_optimizer, real, noise):
    d_optimizer.zero_grad()
    fake = generator(noise)
    logits = discriminator(torch.cat([real, fake.detach()]))
    labels = torch.cat([torch.ones(len(real), 1), torch.zeros(len(fake), 1)]).to(logits.dtype)
    d_loss = F.binary_cross_entropy_with_logits(logits, labels)
    d_loss.backward()
    d_optimizer.step()

    g_optimizer.zero_grad()
    fake_logits = discriminator(fake)
    g_loss = F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))
    g_loss.backward()
    g_optimizer.step()
    return d_loss.item(), g_loss.item()

# expect: wrong_answer
# The original minimax generator loss, mean(log(1 - D(G(z)))) = -mean(softplus(d_fake)), which
# saturates when the discriminator wins; the statement asks for the non-saturating
# -mean(log D(G(z))) = mean(softplus(-d_fake)).
import numpy as np


def gan_losses(d_real_logits, d_fake_logits):
    d_loss = np.logaddexp(0, -d_real_logits).mean() + np.logaddexp(0, d_fake_logits).mean()
    g_loss = -np.logaddexp(0, d_fake_logits).mean()
    return float(d_loss), float(g_loss)

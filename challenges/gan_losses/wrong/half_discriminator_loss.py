# expect: wrong_answer
# Averages the discriminator's two terms (as pix2pix does, to slow D down): the statement's
# d_loss is their sum.
import numpy as np


def gan_losses(d_real_logits, d_fake_logits):
    d_loss = 0.5 * (np.logaddexp(0, -d_real_logits).mean() + np.logaddexp(0, d_fake_logits).mean())
    g_loss = np.logaddexp(0, -d_fake_logits).mean()
    return float(d_loss), float(g_loss)

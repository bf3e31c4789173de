# expect: wrong_answer
# The discriminator's labels swapped: real scored as 0 and fake as 1.
import numpy as np


def gan_losses(d_real_logits, d_fake_logits):
    d_loss = np.logaddexp(0, d_real_logits).mean() + np.logaddexp(0, -d_fake_logits).mean()
    g_loss = np.logaddexp(0, -d_fake_logits).mean()
    return float(d_loss), float(g_loss)

# expect: wrong_answer
# Right values, returned in the wrong order: (g_loss, d_loss).
import numpy as np


def gan_losses(d_real_logits, d_fake_logits):
    d_loss = np.logaddexp(0, -d_real_logits).mean() + np.logaddexp(0, d_fake_logits).mean()
    g_loss = np.logaddexp(0, -d_fake_logits).mean()
    return float(g_loss), float(d_loss)

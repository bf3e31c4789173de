# expect: wrong_answer
# log of a computed sigmoid: D rounds to exactly 0 or 1 for large logits, and log gives -inf.
import numpy as np


def gan_losses(d_real_logits, d_fake_logits):
    d_real = 1.0 / (1.0 + np.exp(-d_real_logits))
    d_fake = 1.0 / (1.0 + np.exp(-d_fake_logits))
    d_loss = -np.mean(np.log(d_real)) - np.mean(np.log(1.0 - d_fake))
    g_loss = -np.mean(np.log(d_fake))
    return float(d_loss), float(g_loss)

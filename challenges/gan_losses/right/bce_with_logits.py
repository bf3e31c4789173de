# expect: accepted
# Binary cross-entropy with logits, max(z, 0) - z * y + log1p(exp(-|z|)), with label 1 for the
# real samples and 0 for the fake ones (the discriminator), 1 for the fake ones (the generator);
# in the logits' own precision, NumPy scalars.
import numpy as np


def bce_with_logits(z, y):
    return np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z))))


def gan_losses(d_real_logits, d_fake_logits):
    d_loss = bce_with_logits(d_real_logits, 1.0) + bce_with_logits(d_fake_logits, 0.0)
    g_loss = bce_with_logits(d_fake_logits, 1.0)
    return d_loss, g_loss

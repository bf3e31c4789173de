import numpy as np


def gan_losses(d_real_logits, d_fake_logits):
    real = np.asarray(d_real_logits, dtype=np.float64)
    fake = np.asarray(d_fake_logits, dtype=np.float64)
    # softplus(x) = log(1 + exp(x)) = np.logaddexp(0, x), stable for any x:
    # -log(sigmoid(x)) = softplus(-x) and -log(1 - sigmoid(x)) = softplus(x).
    d_loss = np.logaddexp(0.0, -real).mean() + np.logaddexp(0.0, fake).mean()
    g_loss = np.logaddexp(0.0, -fake).mean()  # non-saturating: -log D(G(z))
    return float(d_loss), float(g_loss)

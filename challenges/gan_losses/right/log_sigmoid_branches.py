# expect: accepted
# A log-sigmoid by branches on the sign (log(sigmoid(x)) = -log1p(exp(-x)) for x >= 0 and
# x - log1p(exp(x)) below), with 1 - sigmoid(x) = sigmoid(-x); sums divided by the counts.
import numpy as np


def log_sigmoid(x):
    x = np.asarray(x, dtype=np.float64).ravel()
    out = np.empty_like(x)
    pos = x >= 0
    out[pos] = -np.log1p(np.exp(-x[pos]))
    out[~pos] = x[~pos] - np.log1p(np.exp(x[~pos]))
    return out


def gan_losses(d_real_logits, d_fake_logits):
    real = np.asarray(d_real_logits)
    fake = np.asarray(d_fake_logits)
    d_loss = -log_sigmoid(real).sum() / real.size - log_sigmoid(-fake).sum() / fake.size
    g_loss = -log_sigmoid(fake).sum() / fake.size
    return float(d_loss), float(g_loss)

# expect: wrong_answer
# softplus as log(1 + exp(x)): exp overflows to inf past about 709 (88 in float32).
import numpy as np


def softplus(x):
    return np.log1p(np.exp(x))


def gan_losses(d_real_logits, d_fake_logits):
    d_loss = softplus(-d_real_logits).mean() + softplus(d_fake_logits).mean()
    return float(d_loss), float(softplus(-d_fake_logits).mean())

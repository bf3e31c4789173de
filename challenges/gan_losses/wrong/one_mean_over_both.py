# expect: wrong_answer
# One binary cross-entropy over real and fake samples concatenated: the mean of all their terms,
# not the sum of a mean over each batch.
import numpy as np


def gan_losses(d_real_logits, d_fake_logits):
    real = np.ravel(d_real_logits)
    fake = np.ravel(d_fake_logits)
    terms = np.concatenate([np.logaddexp(0, -real), np.logaddexp(0, fake)])
    return float(terms.mean()), float(np.logaddexp(0, -fake).mean())

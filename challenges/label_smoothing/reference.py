import numpy as np


def label_smoothing_cross_entropy(logits, targets, eps):
    z = np.array(logits, dtype=np.float64)  # a float64 copy: the logits are left unchanged
    n = len(z)
    picked = z[np.arange(n), targets]  # each row's target logit
    mean_logit = z.mean(axis=1)
    top = z.max(axis=1)
    z -= top[:, None]
    np.exp(z, out=z)
    lse = top + np.log(z.sum(axis=1))  # log-sum-exp: exp never overflows
    # The smoothed target q puts 1 - eps + eps / C on the target and eps / C on every class, so
    # -sum_k q_k log_softmax(z)_k = lse - (1 - eps) * z[target] - (eps / C) * sum_k z_k.
    losses = lse - (1.0 - eps) * picked - eps * mean_logit
    return float(losses.mean())

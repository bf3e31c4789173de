"""The expected results of torch_vae, on the worker, in NumPy: what harness.py returns for the
reference, with the gradients written out by hand (the worker has no PyTorch). The package's
own reference (PyTorch's autograd, in the sandbox) must agree with it case after case."""

import numpy as np


def negative_elbo(x, mu, log_var, eps, weight, bias):
    n = x.shape[0]
    std = np.exp(0.5 * log_var)
    z = mu + std * eps
    logits = z @ weight.T + bias
    # Binary cross-entropy with logits, softplus(l) - l * x, summed; and the KL to N(0, I).
    reconstruction = np.sum(np.logaddexp(0.0, logits) - logits * x)
    kl = 0.5 * np.sum(mu**2 + np.expm1(log_var) - log_var)
    # d loss / d logits = (sigmoid(logits) - x) / n, sigmoid in a form that cannot overflow.
    d_logits = (0.5 * (1.0 + np.tanh(0.5 * logits)) - x) / n
    d_z = d_logits @ weight
    return {
        "loss": np.float64((reconstruction + kl) / n),
        "grad_mu": d_z + mu / n,
        "grad_log_var": d_z * eps * 0.5 * std + 0.5 * np.expm1(log_var) / n,
        "grad_weight": d_logits.T @ z,
        "grad_bias": d_logits.sum(axis=0),
    }

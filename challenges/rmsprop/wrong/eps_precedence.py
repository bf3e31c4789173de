# expect: wrong_answer
# Missing brackets: lr * g / np.sqrt(s) + eps divides by sqrt(s) alone (0 / 0 where a gradient
# has always been 0) and then adds eps to the step.
import numpy as np


class RMSprop:
    def __init__(self, lr=0.01, rho=0.9, eps=1e-8):
        self.lr, self.rho, self.eps = lr, rho, eps
        self.s = None

    def step(self, params, grads):
        if self.s is None:
            self.s = [np.zeros_like(p) for p in params]
        for p, g, s in zip(params, grads, self.s, strict=True):
            s *= self.rho
            s += (1 - self.rho) * g**2
            p -= self.lr * g / np.sqrt(s) + self.eps

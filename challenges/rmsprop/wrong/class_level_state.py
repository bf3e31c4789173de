# expect: wrong_answer
# The running averages live in a mutable class attribute: every optimiser object shares them, so
# a new optimiser starts from the previous one's averages.
import numpy as np


class RMSprop:
    cache = {}

    def __init__(self, lr=0.01, rho=0.9, eps=1e-8):
        self.lr, self.rho, self.eps = lr, rho, eps

    def step(self, params, grads):
        for i, (p, g) in enumerate(zip(params, grads, strict=True)):
            s = self.cache.get(i, np.zeros_like(p))
            s = self.rho * s + (1 - self.rho) * g**2
            self.cache[i] = s
            p -= self.lr * g / (np.sqrt(s) + self.eps)

# expect: wrong_answer
# The decay the other way round, s = (1 - rho) * s + rho * g**2: the average forgets at once.
import numpy as np


class RMSprop:
    def __init__(self, lr=0.01, rho=0.9, eps=1e-8):
        self.lr, self.rho, self.eps = lr, rho, eps
        self.s = None

    def step(self, params, grads):
        if self.s is None:
            self.s = [np.zeros_like(p) for p in params]
        for i, (p, g) in enumerate(zip(params, grads, strict=True)):
            self.s[i] = (1 - self.rho) * self.s[i] + self.rho * g**2
            p -= self.lr * g / (np.sqrt(self.s[i]) + self.eps)

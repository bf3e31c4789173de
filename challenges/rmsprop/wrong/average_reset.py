# expect: wrong_answer
# Creates the running average inside step, so it starts from zero every time and never averages.
import numpy as np


class RMSprop:
    def __init__(self, lr=0.01, rho=0.9, eps=1e-8):
        self.lr, self.rho, self.eps = lr, rho, eps

    def step(self, params, grads):
        for p, g in zip(params, grads, strict=True):
            s = np.zeros_like(p)
            s = self.rho * s + (1 - self.rho) * g**2
            p -= self.lr * g / (np.sqrt(s) + self.eps)

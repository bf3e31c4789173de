# expect: wrong_answer
# Divides by the previous step's average and updates it afterwards: the first step divides by eps.
import numpy as np


class RMSprop:
    def __init__(self, lr=0.01, rho=0.9, eps=1e-8):
        self.lr, self.rho, self.eps = lr, rho, eps
        self.s = None

    def step(self, params, grads):
        if self.s is None:
            self.s = [np.zeros_like(p) for p in params]
        for i, (p, g) in enumerate(zip(params, grads, strict=True)):
            p -= self.lr * g / (np.sqrt(self.s[i]) + self.eps)
            self.s[i] = self.rho * self.s[i] + (1 - self.rho) * g**2

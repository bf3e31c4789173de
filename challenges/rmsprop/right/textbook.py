# expect: accepted
import numpy as np


class RMSprop:
    def __init__(self, lr=0.01, rho=0.9, eps=1e-8):
        self.lr = lr
        self.rho = rho
        self.eps = eps
        self.cache = None

    def step(self, params, grads):
        if self.cache is None:
            self.cache = [np.zeros_like(p) for p in params]
        for i in range(len(params)):
            self.cache[i] = self.rho * self.cache[i] + (1 - self.rho) * grads[i] ** 2
            params[i] -= self.lr * grads[i] / (np.sqrt(self.cache[i]) + self.eps)

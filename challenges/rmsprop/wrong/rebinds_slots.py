# expect: wrong_answer
# params[i] = params[i] - ... builds new arrays and rebinds the list's slots: the caller's arrays
# are never updated.
import numpy as np


class RMSprop:
    def __init__(self, lr=0.01, rho=0.9, eps=1e-8):
        self.lr, self.rho, self.eps = lr, rho, eps
        self.s = None

    def step(self, params, grads):
        if self.s is None:
            self.s = [np.zeros_like(p) for p in params]
        for i in range(len(params)):
            self.s[i] = self.rho * self.s[i] + (1 - self.rho) * grads[i] ** 2
            params[i] = params[i] - self.lr * grads[i] / (np.sqrt(self.s[i]) + self.eps)

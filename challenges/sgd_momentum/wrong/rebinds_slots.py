# expect: wrong_answer
# params[i] = params[i] + v builds new arrays and rebinds the list's slots: the caller's arrays
# are never updated.
import numpy as np


class SGDMomentum:
    def __init__(self, lr, momentum=0.9):
        self.lr, self.momentum = lr, momentum
        self.v = None

    def step(self, params, grads):
        if self.v is None:
            self.v = [np.zeros_like(p) for p in params]
        for i in range(len(params)):
            self.v[i] = self.momentum * self.v[i] - self.lr * grads[i]
            params[i] = params[i] + self.v[i]

# expect: wrong_answer
# The sign of the gradient term flipped, v = momentum * v + lr * g; p += v: it climbs the loss.
import numpy as np


class SGDMomentum:
    def __init__(self, lr, momentum=0.9):
        self.lr, self.momentum = lr, momentum
        self.v = None

    def step(self, params, grads):
        if self.v is None:
            self.v = [np.zeros_like(p) for p in params]
        for i in range(len(params)):
            self.v[i] = self.momentum * self.v[i] + self.lr * grads[i]
            params[i] += self.v[i]

# expect: wrong_answer
# Nesterov momentum (p += momentum * v_new - lr * g) where classical momentum was asked for.
import numpy as np


class SGDMomentum:
    def __init__(self, lr, momentum=0.9):
        self.lr, self.momentum = lr, momentum
        self.v = None

    def step(self, params, grads):
        if self.v is None:
            self.v = [np.zeros_like(p) for p in params]
        for p, g, v in zip(params, grads, self.v):
            v *= self.momentum
            v -= self.lr * g
            p += self.momentum * v - self.lr * g

# expect: wrong_answer
# Scales the gradients in place (g *= lr) to save an array: the caller's gradients are changed.
import numpy as np


class SGDMomentum:
    def __init__(self, lr, momentum=0.9):
        self.lr, self.momentum = lr, momentum
        self.v = None

    def step(self, params, grads):
        if self.v is None:
            self.v = [np.zeros_like(p) for p in params]
        for p, g, v in zip(params, grads, self.v):
            g *= self.lr
            v *= self.momentum
            v -= g
            p += v

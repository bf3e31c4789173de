# expect: wrong_answer
# Keys the velocities by the parameter's shape: two parameters of one shape share a velocity.
import numpy as np


class SGDMomentum:
    def __init__(self, lr, momentum=0.9):
        self.lr, self.momentum = lr, momentum
        self.v = {}

    def step(self, params, grads):
        for p, g in zip(params, grads):
            v = self.v.setdefault(p.shape, np.zeros_like(p))
            v *= self.momentum
            v -= self.lr * g
            p += v

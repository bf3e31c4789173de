# expect: wrong_answer
# Creates the velocities inside step, so they start from zero every time: plain SGD, no momentum.
import numpy as np


class SGDMomentum:
    def __init__(self, lr, momentum=0.9):
        self.lr, self.momentum = lr, momentum

    def step(self, params, grads):
        velocities = [np.zeros_like(p) for p in params]
        for p, g, v in zip(params, grads, velocities):
            v = self.momentum * v - self.lr * g
            p += v

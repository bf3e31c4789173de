# expect: wrong_answer
# The velocities live in a mutable class attribute: every optimiser object shares them, so a new
# optimiser starts from the previous one's velocities.
import numpy as np


class SGDMomentum:
    velocities = []

    def __init__(self, lr, momentum=0.9):
        self.lr, self.momentum = lr, momentum

    def step(self, params, grads):
        if not self.velocities:
            self.velocities.extend(np.zeros_like(p) for p in params)
        for p, g, v in zip(params, grads, self.velocities):
            v *= self.momentum
            v -= self.lr * g
            p += v

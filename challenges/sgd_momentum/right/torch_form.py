# expect: accepted
# The form deep-learning libraries use, b = momentum * b + g; p -= lr * b: the same updates for a
# constant learning rate (b = -v / lr), kept in float64 and written back with p[...] = ...
import numpy as np


class SGDMomentum:
    def __init__(self, lr, momentum=0.9):
        self.lr = float(lr)
        self.momentum = float(momentum)
        self.buffers = {}

    def step(self, params, grads):
        for index, (p, g) in enumerate(zip(params, grads, strict=True)):
            b = self.buffers.get(index)
            if b is None:
                b = np.zeros(np.shape(p))
            b = self.momentum * b + np.asarray(g, dtype=np.float64)
            self.buffers[index] = b
            p[...] = p - self.lr * b

# expect: wrong_answer
# The moments and the step count live in a mutable class attribute: every optimiser object
# shares them, so a new optimiser carries on from the previous one's moments and t.
import numpy as np


class Adam:
    state = {"t": 0}

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps

    def step(self, params, grads):
        self.state["t"] += 1
        t = self.state["t"]
        for i, (p, g) in enumerate(zip(params, grads, strict=True)):
            m, v = self.state.get(i, (np.zeros_like(p), np.zeros_like(p)))
            m = self.beta1 * m + (1 - self.beta1) * g
            v = self.beta2 * v + (1 - self.beta2) * g**2
            self.state[i] = (m, v)
            p -= self.lr * (m / (1 - self.beta1**t)) / (np.sqrt(v / (1 - self.beta2**t)) + self.eps)

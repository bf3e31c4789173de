import numpy as np


class SGDMomentum:
    def __init__(self, lr: float, momentum: float = 0.9):
        """Keep the hyperparameters; the velocities are created on the first step."""
        raise NotImplementedError

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        """v = momentum * v - lr * g, then p += v, for each parameter p and its gradient g.
        Update the arrays in params themselves (in place); leave grads unchanged."""
        raise NotImplementedError

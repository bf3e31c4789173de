import numpy as np


class RMSprop:
    def __init__(self, lr: float = 0.01, rho: float = 0.9, eps: float = 1e-8):
        """Keep the hyperparameters; the running averages are created on the first step."""
        raise NotImplementedError

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        """s = rho * s + (1 - rho) * g**2, then p -= lr * g / (sqrt(s) + eps), for each parameter
        p and its gradient g. Update the arrays in params themselves (in place); leave grads
        unchanged."""
        raise NotImplementedError

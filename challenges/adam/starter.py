import numpy as np


class Adam:
    def __init__(
        self, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8
    ):
        """Keep the hyperparameters; the moment estimates are created on the first step."""
        raise NotImplementedError

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        """t += 1; m = beta1 * m + (1 - beta1) * g; v = beta2 * v + (1 - beta2) * g**2;
        m_hat = m / (1 - beta1**t); v_hat = v / (1 - beta2**t);
        p -= lr * m_hat / (sqrt(v_hat) + eps), for each parameter p and its gradient g.
        Update the arrays in params themselves (in place); leave grads unchanged."""
        raise NotImplementedError

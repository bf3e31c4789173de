import numpy as np


def embedding_backward(indices: np.ndarray, grad_out: np.ndarray, vocab_size: int) -> np.ndarray:
    """Given out = W[indices] for an embedding table W of shape (vocab_size, D) and
    grad_out = dL/dout of shape indices.shape + (D,), return dL/dW of shape (vocab_size, D)."""
    raise NotImplementedError

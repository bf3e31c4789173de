import numpy as np


def top_p_sampling(logits: np.ndarray, p: float, temperature: float = 1.0) -> int:
    """One token index drawn with np.random from the nucleus of softmax(logits / temperature):
    the smallest set of most probable tokens whose total probability is >= p (ties: the lower
    index first; every token if the total never reaches p), renormalised."""
    raise NotImplementedError

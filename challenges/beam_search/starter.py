import numpy as np


def beam_search(
    initial_log_probs: np.ndarray, transition_log_probs: np.ndarray, length: int, beam_width: int
) -> tuple[list[int], float]:
    """Beam search for a sequence of ``length`` tokens: the first scored by
    ``initial_log_probs[token]`` (shape (V,)), each next one by
    ``transition_log_probs[previous, token]`` (shape (V, V)); after every step only the
    ``beam_width`` best partial sequences are kept (ties to the lexicographically smaller
    sequence). Returns (the best kept sequence as a list of ints, its total log-probability)."""
    raise NotImplementedError

# expect: wrong_answer
# Vectorised, but ties broken by position in the flattened (beam, token) array (a stable sort of
# the scores): a tie goes to the candidate of the better beam, not to the lexicographically
# smaller sequence.
import numpy as np


def beam_search(initial_log_probs, transition_log_probs, length, beam_width):
    init = np.asarray(initial_log_probs, dtype=np.float64)
    T = np.asarray(transition_log_probs, dtype=np.float64)
    V = len(init)
    keep = np.argsort(-init, kind="stable")[:beam_width]
    sequences, scores = keep[:, None], init[keep]
    for _ in range(length - 1):
        flat = (scores[:, None] + T[sequences[:, -1]]).ravel()
        keep = np.argsort(-flat, kind="stable")[:beam_width]
        sequences = np.column_stack([sequences[keep // V], keep % V])
        scores = flat[keep]
    return [int(t) for t in sequences[0]], float(scores[0])

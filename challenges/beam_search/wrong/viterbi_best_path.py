# expect: wrong_answer
# The exact best sequence by dynamic programming (Viterbi): not what a beam of beam_width keeps
# when the best path starts with a token the beam pruned.
import numpy as np


def beam_search(initial_log_probs, transition_log_probs, length, beam_width):
    T = np.asarray(transition_log_probs, dtype=np.float64)
    best = np.asarray(initial_log_probs, dtype=np.float64).copy()
    back = []
    for _ in range(length - 1):
        totals = best[:, None] + T
        back.append(np.argmax(totals, axis=0))
        best = totals.max(axis=0)
    token = int(np.argmax(best))
    sequence = [token]
    for pointers in reversed(back):
        token = int(pointers[token])
        sequence.append(token)
    return sequence[::-1], float(best.max())

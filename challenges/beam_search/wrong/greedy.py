# expect: wrong_answer
# Greedy decoding whatever beam_width is: the best token at every step, which is beam search
# of width 1 only.
import numpy as np


def beam_search(initial_log_probs, transition_log_probs, length, beam_width):
    token = int(np.argmax(initial_log_probs))
    sequence, score = [token], float(initial_log_probs[token])
    for _ in range(length - 1):
        row = transition_log_probs[sequence[-1]]
        token = int(np.argmax(row))
        sequence.append(token)
        score += float(row[token])
    return sequence, score

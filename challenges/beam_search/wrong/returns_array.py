# expect: wrong_answer
# The right search, but the sequence returned as a NumPy array where a list of ints is asked for.
import numpy as np


def beam_search(initial_log_probs, transition_log_probs, length, beam_width):
    beams = [((), 0.0)]
    for t in range(length):
        pool = []
        for seq, score in beams:
            row = initial_log_probs if t == 0 else transition_log_probs[seq[-1]]
            for v in range(len(row)):
                pool.append(((*seq, v), score + float(row[v])))
        pool.sort(key=lambda item: (-item[1], item[0]))
        beams = pool[:beam_width]
    return np.array(beams[0][0]), beams[0][1]

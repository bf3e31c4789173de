# expect: accepted
# Each beam's own best beam_width tokens first (a stable argsort: ties to the smaller token),
# then the at most beam_width**2 survivors sorted in Python by (-score, sequence).
import numpy as np


def beam_search(initial_log_probs, transition_log_probs, length, beam_width):
    init = np.asarray(initial_log_probs, dtype=np.float64)
    trans = np.asarray(transition_log_probs, dtype=np.float64)
    order = np.argsort(-init, kind="stable")[:beam_width]
    beams = [((int(v),), float(init[v])) for v in order]
    for _ in range(length - 1):
        pool = []
        for sequence, score in beams:
            row = score + trans[sequence[-1]]
            for v in np.argsort(-row, kind="stable")[:beam_width]:
                pool.append(((*sequence, int(v)), float(row[v])))
        pool.sort(key=lambda item: (-item[1], item[0]))
        beams = pool[:beam_width]
    best, score = beams[0]
    return list(best), score

# expect: accepted
# Plain Python: every candidate as a tuple (-score, sequence) and heapq.nsmallest, which orders
# by score and then compares the sequences themselves (tuples compare lexicographically).
import heapq


def beam_search(initial_log_probs, transition_log_probs, length, beam_width):
    first = [float(x) for x in initial_log_probs]
    rows = {}  # the transition rows in use, as Python lists

    def row(token):
        if token not in rows:
            rows[token] = [float(x) for x in transition_log_probs[token]]
        return rows[token]

    beams = heapq.nsmallest(beam_width, ((-score, (v,)) for v, score in enumerate(first)))
    for _ in range(length - 1):
        candidates = (
            (negative - p, (*sequence, v))
            for negative, sequence in beams
            for v, p in enumerate(row(sequence[-1]))
        )
        beams = heapq.nsmallest(beam_width, candidates)
    negative, sequence = beams[0]
    return list(sequence), -negative

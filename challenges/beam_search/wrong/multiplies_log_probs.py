# expect: wrong_answer
# Multiplies the log-probabilities along a path, as one would multiply probabilities, instead of
# adding them.
import heapq


def beam_search(initial_log_probs, transition_log_probs, length, beam_width):
    V = len(initial_log_probs)
    beams = heapq.nsmallest(beam_width, [(-float(initial_log_probs[v]), (v,)) for v in range(V)])
    for _ in range(length - 1):
        candidates = [
            (neg * float(transition_log_probs[seq[-1], v]), (*seq, v))
            for neg, seq in beams
            for v in range(V)
        ]
        beams = heapq.nsmallest(beam_width, candidates)
    neg, seq = beams[0]
    return list(seq), -neg

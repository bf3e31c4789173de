# expect: accepted
# The plainest search: every candidate a (score, list) tuple, all sorted at each step.
def beam_search(initial_log_probs, transition_log_probs, length, beam_width):
    V = len(initial_log_probs)
    beams = [(float(initial_log_probs[t]), [t]) for t in range(V)]
    beams.sort(key=lambda b: (-b[0], b[1]))
    beams = beams[:beam_width]
    for _ in range(length - 1):
        cands = []
        for score, seq in beams:
            row = transition_log_probs[seq[-1]]
            for t in range(V):
                cands.append((score + float(row[t]), [*seq, t]))
        cands.sort(key=lambda b: (-b[0], b[1]))
        beams = cands[:beam_width]
    score, seq = beams[0]
    return seq, score

# expect: wrong_answer
# The closest reference length by distance alone: min() keeps the first of two equally close
# references, the longer one when it is listed first, where the shorter one counts.
import math
from collections import Counter


def ngrams(tokens, n):
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def bleu(candidate, references, max_n=4):
    c = len(candidate)
    if c == 0:
        return 0.0
    logs = 0.0
    for n in range(1, max_n + 1):
        cand = ngrams(candidate, n)
        best = Counter()
        for ref in references:
            best |= ngrams(ref, n)
        matched = sum((cand & best).values())
        if matched == 0:
            return 0.0
        logs += math.log(matched / (c - n + 1))
    r = len(min(references, key=lambda ref: abs(len(ref) - c)))
    bp = 1.0 if c > r else math.exp(1 - r / c)
    return bp * math.exp(logs / max_n)

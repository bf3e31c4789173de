# expect: wrong_answer
# The arithmetic mean of the precisions instead of their geometric mean.
import math
from collections import Counter


def ngrams(tokens, n):
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def bleu(candidate, references, max_n=4):
    c = len(candidate)
    if c == 0:
        return 0.0
    precisions = []
    for n in range(1, max_n + 1):
        cand = ngrams(candidate, n)
        best = Counter()
        for ref in references:
            best |= ngrams(ref, n)
        matched = sum((cand & best).values())
        if matched == 0:
            return 0.0
        precisions.append(matched / (c - n + 1))
    r = min((len(ref) for ref in references), key=lambda L: (abs(L - c), L))
    bp = 1.0 if c > r else math.exp(1 - r / c)
    return bp * sum(precisions) / max_n

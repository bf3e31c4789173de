# expect: wrong_answer
# exp(1 - r / c) applied whatever the lengths: a candidate longer than the reference gets a
# "penalty" above 1 and a score that can exceed 1.
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
    r = min((len(ref) for ref in references), key=lambda L: (abs(L - c), L))
    return math.exp(1 - r / c) * math.exp(logs / max_n)

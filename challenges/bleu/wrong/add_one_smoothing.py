# expect: wrong_answer
# Add-one smoothing of every precision, (matched + 1) / (total + 1), as some libraries offer: a
# score where the definition asks for exactly 0, and every other score shifted.
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
        logs += math.log((matched + 1) / (max(0, c - n + 1) + 1))
    r = min((len(ref) for ref in references), key=lambda L: (abs(L - c), L))
    bp = 1.0 if c > r else math.exp(1 - r / c)
    return bp * math.exp(logs / max_n)

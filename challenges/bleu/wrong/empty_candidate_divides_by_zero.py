# expect: runtime_error
# No guard for an empty candidate (or one shorter than n): the precision divides by its zero
# n-grams and raises ZeroDivisionError.
import math
from collections import Counter


def ngrams(tokens, n):
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def bleu(candidate, references, max_n=4):
    c = len(candidate)
    logs = 0.0
    for n in range(1, max_n + 1):
        cand = ngrams(candidate, n)
        best = Counter()
        for ref in references:
            best |= ngrams(ref, n)
        p = sum((cand & best).values()) / sum(cand.values())
        if p == 0:
            return 0.0
        logs += math.log(p)
    r = min((len(ref) for ref in references), key=lambda L: (abs(L - c), L))
    bp = 1.0 if c > r else math.exp(1 - r / c)
    return bp * math.exp(logs / max_n)

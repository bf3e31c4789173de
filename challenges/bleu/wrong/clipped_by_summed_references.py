# expect: wrong_answer
# Clips by the n-gram's count summed over all the references instead of its largest count in
# one reference: a phrase the references hold once and twice is credited three times.
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
        total = Counter()
        for ref in references:
            total.update(ngrams(ref, n))
        matched = sum(min(k, total[g]) for g, k in cand.items())
        if matched == 0:
            return 0.0
        logs += math.log(matched / max(1, c - n + 1))
    r = min((len(ref) for ref in references), key=lambda L: (abs(L - c), L))
    bp = 1.0 if c > r else math.exp(1 - r / c)
    return bp * math.exp(logs / max_n)

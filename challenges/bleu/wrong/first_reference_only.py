# expect: wrong_answer
# Clips by the first reference's counts only: n-grams that only the other references justify
# are not credited.
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
        matched = sum((cand & ngrams(references[0], n)).values())
        if matched == 0:
            return 0.0
        logs += math.log(matched / (c - n + 1))
    r = min((len(ref) for ref in references), key=lambda L: (abs(L - c), L))
    bp = 1.0 if c > r else math.exp(1 - r / c)
    return bp * math.exp(logs / max_n)

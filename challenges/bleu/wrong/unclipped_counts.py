# expect: wrong_answer
# Counts every candidate n-gram that occurs in some reference, however often: "the the the the"
# gets a unigram precision of 1 (the original sin BLEU's clipping was invented to stop).
import math
from collections import Counter


def bleu(candidate, references, max_n=4):
    c = len(candidate)
    if c == 0:
        return 0.0
    logs = 0.0
    for n in range(1, max_n + 1):
        grams = [tuple(candidate[i : i + n]) for i in range(c - n + 1)]
        seen = set()
        for ref in references:
            seen |= {tuple(ref[i : i + n]) for i in range(len(ref) - n + 1)}
        matched = sum(1 for g in grams if g in seen)
        if matched == 0:
            return 0.0
        logs += math.log(matched / len(grams))
    r = min((len(ref) for ref in references), key=lambda L: (abs(L - c), L))
    bp = 1.0 if c > r else math.exp(1 - r / c)
    return bp * math.exp(logs / max_n)

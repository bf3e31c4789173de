# expect: accepted
# Exact precisions as Fractions, clipping computed per reference then maximised per n-gram, the
# geometric mean as exp of the mean log, and the closest length found in one pass.
import math
from collections import Counter
from fractions import Fraction


def bleu(candidate, references, max_n=4):
    c = len(candidate)
    if c == 0:
        return 0.0
    precisions = []
    for n in range(1, max_n + 1):
        grams = [tuple(candidate[i : i + n]) for i in range(c - n + 1)]
        if not grams:
            return 0.0
        cand = Counter(grams)
        ref_counts = [
            Counter(tuple(ref[i : i + n]) for i in range(len(ref) - n + 1)) for ref in references
        ]
        matched = sum(min(k, max(rc[g] for rc in ref_counts)) for g, k in cand.items())
        if matched == 0:
            return 0.0
        precisions.append(Fraction(matched, len(grams)))
    r = None
    for ref in references:
        length = len(ref)
        closer = r is None or abs(length - c) < abs(r - c)
        if closer or (abs(length - c) == abs(r - c) and length < r):
            r = length
    bp = 1.0 if c > r else math.exp(1 - r / c)
    return bp * math.exp(sum(math.log(p) for p in precisions) / max_n)

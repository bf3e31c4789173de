# expect: accepted
# Plain dictionaries and loops: n-grams counted by hand, the product of the precisions raised to
# 1 / max_n, the reference length picked by sorting on (distance, length).
import math


def count(tokens, n):
    counts = {}
    for i in range(len(tokens) - n + 1):
        gram = tuple(tokens[i : i + n])
        counts[gram] = counts.get(gram, 0) + 1
    return counts


def bleu(candidate, references, max_n=4):
    c = len(candidate)
    if c == 0:
        return 0.0
    product = 1.0
    for n in range(1, max_n + 1):
        cand = count(candidate, n)
        best = {}
        for ref in references:
            for gram, k in count(ref, n).items():
                if k > best.get(gram, 0):
                    best[gram] = k
        matched = 0
        for gram, k in cand.items():
            matched += min(k, best.get(gram, 0))
        total = c - n + 1
        if total <= 0 or matched == 0:
            return 0.0
        product *= matched / total
    lengths = sorted((abs(len(ref) - c), len(ref)) for ref in references)
    r = lengths[0][1]
    bp = 1.0 if c > r else math.exp(1 - r / c)
    return bp * product ** (1.0 / max_n)

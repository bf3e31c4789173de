"""Sentence BLEU: clipped n-gram precisions, their geometric mean, the brevity penalty."""

import math
from collections import Counter


def ngram_counts(tokens, n):
    """How many times each n-gram (a tuple of n tokens) occurs in ``tokens``."""
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def bleu(candidate, references, max_n=4):
    c = len(candidate)
    if c == 0:
        return 0.0
    log_precisions = 0.0
    for n in range(1, max_n + 1):
        counts = ngram_counts(candidate, n)
        # Each n-gram is credited at most as often as it occurs in any one reference.
        most = Counter()
        for reference in references:
            most |= ngram_counts(reference, n)
        matches = sum((counts & most).values())
        if matches == 0:  # also a candidate of fewer than n tokens
            return 0.0
        log_precisions += math.log(matches / (c - n + 1))
    # The reference length closest to c; the shorter one on a tie.
    lengths = [len(reference) for reference in references]
    r = min(lengths, key=lambda length: (abs(length - c), length))
    penalty = 1.0 if c > r else math.exp(1.0 - r / c)
    return penalty * math.exp(log_precisions / max_n)

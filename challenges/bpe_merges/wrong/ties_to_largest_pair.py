# expect: wrong_answer
# The best pair by max over (count, pair): ties go to the lexicographically largest pair.
import itertools
from collections import Counter


def merge(symbols, pair):
    out, i = [], 0
    while i < len(symbols):
        if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == pair:
            out.append(symbols[i] + symbols[i + 1])
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return out


def bpe_merges(word_counts, num_merges):
    words = [(list(w), c) for w, c in word_counts.items()]
    merges = []
    for _ in range(num_merges):
        stats = Counter()
        for symbols, count in words:
            for pair in itertools.pairwise(symbols):
                stats[pair] += count
        if not stats:
            break
        best = max(stats, key=lambda p: (stats[p], p))
        merges.append(best)
        words = [(merge(s, best), c) for s, c in words]
    return merges

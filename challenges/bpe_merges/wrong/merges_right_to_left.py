# expect: wrong_answer
# Merges scanning from the right: "aaa" becomes (a, aa) instead of (aa, a), and the later pairs
# differ.
import itertools
from collections import Counter


def merge(symbols, pair):
    out, i = [], len(symbols) - 1
    while i >= 0:
        if i >= 1 and (symbols[i - 1], symbols[i]) == pair:
            out.append(symbols[i - 1] + symbols[i])
            i -= 2
        else:
            out.append(symbols[i])
            i -= 1
    return out[::-1]


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
        best = min(stats, key=lambda p: (-stats[p], p))
        merges.append(best)
        words = [(merge(s, best), c) for s, c in words]
    return merges

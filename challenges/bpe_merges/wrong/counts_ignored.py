# expect: wrong_answer
# Each word counted once, whatever its count: the pair found in most word types wins, not the
# most frequent pair of the corpus.
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
    words = [list(w) for w in word_counts]
    merges = []
    for _ in range(num_merges):
        stats = Counter()
        for symbols in words:
            for pair in itertools.pairwise(symbols):
                stats[pair] += 1
        if not stats:
            break
        best = min(stats, key=lambda p: (-stats[p], p))
        merges.append(best)
        words = [merge(s, best) for s in words]
    return merges

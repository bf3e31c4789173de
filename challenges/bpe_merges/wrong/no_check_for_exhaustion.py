# expect: runtime_error
# Never checks whether a pair is left: once every word is a single symbol, max() of the empty
# table raises ValueError.
import itertools
from collections import Counter


def bpe_merges(word_counts, num_merges):
    words = [(list(w), c) for w, c in word_counts.items()]
    merges = []
    for _ in range(num_merges):
        stats = Counter()
        for symbols, count in words:
            for pair in itertools.pairwise(symbols):
                stats[pair] += count
        best = min(stats, key=lambda p: (-stats[p], p))
        merges.append(best)
        new = []
        for symbols, count in words:
            out, i = [], 0
            while i < len(symbols):
                if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == best:
                    out.append(symbols[i] + symbols[i + 1])
                    i += 2
                else:
                    out.append(symbols[i])
                    i += 1
            new.append((out, count))
        words = new
    return merges

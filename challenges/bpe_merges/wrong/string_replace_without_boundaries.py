# expect: wrong_answer
# Words kept as space-joined strings and merged with str.replace("x y", "xy"): the pattern also
# matches inside longer symbols ("ba a" holds "a a"), merging symbols that are not the pair.
import itertools
from collections import Counter


def bpe_merges(word_counts, num_merges):
    vocab = {" ".join(w): c for w, c in word_counts.items()}
    merges = []
    for _ in range(num_merges):
        stats = Counter()
        for word, count in vocab.items():
            symbols = word.split()
            for pair in itertools.pairwise(symbols):
                stats[pair] += count
        if not stats:
            break
        best = min(stats, key=lambda p: (-stats[p], p))
        merges.append(best)
        vocab = {w.replace(" ".join(best), "".join(best)): c for w, c in vocab.items()}
    return merges

# expect: accepted
# Sennrich et al.'s way: each word as its symbols joined by spaces, pair statistics from the
# split strings, and a merge as a regular expression that only matches whole symbols.
import re


def bpe_merges(word_counts, num_merges):
    vocab = {" ".join(word): count for word, count in word_counts.items()}
    merges = []
    for _ in range(num_merges):
        stats = {}
        for word, count in vocab.items():
            symbols = word.split()
            for i in range(len(symbols) - 1):
                pair = (symbols[i], symbols[i + 1])
                stats[pair] = stats.get(pair, 0) + count
        if not stats:
            break
        top = max(stats.values())
        best = min(pair for pair, count in stats.items() if count == top)
        merges.append(best)
        pattern = re.compile(r"(?<!\S)" + re.escape(" ".join(best)) + r"(?!\S)")
        vocab = {pattern.sub("".join(best), word): count for word, count in vocab.items()}
    return merges

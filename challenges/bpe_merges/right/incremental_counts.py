# expect: accepted
# Pair counts kept up to date: a merge only recounts the words that held the merged pair (found
# through an index from each pair to its words), subtracting their old pairs and adding the new.
from collections import defaultdict


def pairs_of(symbols):
    return [(symbols[i], symbols[i + 1]) for i in range(len(symbols) - 1)]


def bpe_merges(word_counts, num_merges):
    words = [list(word) for word in word_counts]
    counts = list(word_counts.values())
    stats = defaultdict(int)
    where = defaultdict(set)
    for index, symbols in enumerate(words):
        for pair in pairs_of(symbols):
            stats[pair] += counts[index]
            where[pair].add(index)
    merges = []
    while len(merges) < num_merges:
        live = [(-count, pair) for pair, count in stats.items() if count > 0]
        if not live:
            break
        _, best = min(live)
        merges.append(best)
        first, second = best
        for index in sorted(where[best]):
            symbols = words[index]
            for pair in pairs_of(symbols):
                stats[pair] -= counts[index]
            merged, i = [], 0
            while i < len(symbols):
                if i + 1 < len(symbols) and symbols[i] == first and symbols[i + 1] == second:
                    merged.append(first + second)
                    i += 2
                else:
                    merged.append(symbols[i])
                    i += 1
            words[index] = merged
            for pair in pairs_of(merged):
                stats[pair] += counts[index]
                where[pair].add(index)
        del stats[best]
    return merges

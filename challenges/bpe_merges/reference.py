"""Byte-pair encoding: the merges learned from a table of word counts."""

import itertools
from collections import Counter


def merge_pair(symbols, pair):
    """``symbols`` with every occurrence of ``pair`` joined, left to right, without overlap."""
    first, second = pair
    out, i = [], 0
    while i < len(symbols):
        if i + 1 < len(symbols) and symbols[i] == first and symbols[i + 1] == second:
            out.append(first + second)
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return tuple(out)


def bpe_merges(word_counts, num_merges):
    words = [(tuple(word), count) for word, count in word_counts.items()]
    merges = []
    for _ in range(num_merges):
        pairs = Counter()
        for symbols, count in words:
            for pair in itertools.pairwise(symbols):  # every adjacent position, overlaps too
                pairs[pair] += count
        if not pairs:
            break
        # The most frequent pair; among equally frequent ones the smallest (first symbol, then
        # second, as Python compares strings).
        best = min(pairs, key=lambda pair: (-pairs[pair], pair))
        merges.append(best)
        words = [(merge_pair(symbols, best), count) for symbols, count in words]
    return merges

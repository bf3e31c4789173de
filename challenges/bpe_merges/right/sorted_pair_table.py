# expect: accepted
# The pair table sorted by (-count, pair) at every step, and each word rebuilt as a list with
# the merge done by an index that jumps past a merged pair.
import itertools


def bpe_merges(word_counts, num_merges):
    table = [(list(word), count) for word, count in word_counts.items()]
    merges = []
    for _ in range(num_merges):
        totals = {}
        for symbols, count in table:
            for left, right in itertools.pairwise(symbols):
                totals[left, right] = totals.get((left, right), 0) + count
        if not totals:
            break
        ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
        best = ranked[0][0]
        merges.append(tuple(best))
        rebuilt = []
        for symbols, count in table:
            out = []
            i = 0
            n = len(symbols)
            while i < n:
                if i < n - 1 and (symbols[i], symbols[i + 1]) == best:
                    out.append(symbols[i] + symbols[i + 1])
                    i += 2
                else:
                    out.append(symbols[i])
                    i += 1
            rebuilt.append((out, count))
        table = rebuilt
    return merges

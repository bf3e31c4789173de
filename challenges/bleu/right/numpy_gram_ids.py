# expect: accepted
# NumPy: tokens mapped to integer ids; the n-grams of every source get integer ids too, order by
# order (an n-gram is its (n-1)-gram prefix's id and its last token's, made unique jointly over
# the candidate and all references); counts per source by np.add.at.
import numpy as np


def bleu(candidate, references, max_n=4):
    c = len(candidate)
    if c == 0:
        return 0.0
    vocab = {}
    sources = [candidate, *references]
    tokens = [
        np.array([vocab.setdefault(t, len(vocab)) for t in s], dtype=np.int64) for s in sources
    ]
    grams = [t.copy() for t in tokens]  # ids of each source's n-grams, n = 1 at first
    logs = np.zeros(max_n)
    for n in range(1, max_n + 1):
        if c < n:
            return 0.0
        if n > 1:
            keys = [g[:-1] * len(vocab) + t[n - 1 :] for g, t in zip(grams, tokens, strict=True)]
            _, inverse = np.unique(np.concatenate(keys), return_inverse=True)
            grams = np.split(inverse.ravel(), np.cumsum([len(k) for k in keys])[:-1])
        size = max(int(g.max()) + 1 for g in grams if len(g))
        counts = np.zeros((len(sources), size), dtype=np.int64)
        for k, g in enumerate(grams):
            np.add.at(counts[k], g, 1)
        matched = np.minimum(counts[0], counts[1:].max(axis=0)).sum()
        if matched == 0:
            return 0.0
        logs[n - 1] = np.log(matched / (c - n + 1))
    lengths = np.array([len(r) for r in references])
    order = np.lexsort((lengths, np.abs(lengths - c)))
    r = int(lengths[order[0]])
    bp = 1.0 if c > r else np.exp(1 - r / c)
    return float(bp * np.exp(logs.mean()))

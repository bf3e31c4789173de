"""The BPE suite: counts that outweigh the number of words a pair is in, runs of one letter
(pairs counted at every position, merged left to right without overlap), ties everywhere (all
counts equal, words listed so that the first pair seen or the largest is not the smallest),
merges of merged symbols, more merges asked than there are pairs, words of one letter, zero
merges, and random vocabularies over small alphabets.

Every word is a non-empty string of lowercase ASCII letters and every count a positive Python
int. The checker wants a Python list of pairs, each a tuple (or a list) of two Python strings,
equal to the reference's merges in order.
"""

import numpy as np

from judge.challenges import Case, call
from judge.checking import PASS, Check

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def bpe_case(name, word_counts, num_merges, keyword=False):
    table = {str(word): int(count) for word, count in word_counts.items()}
    if keyword:
        return Case(name, steps=(call(word_counts=table, num_merges=int(num_merges)),))
    return Case(name, steps=(call(table, int(num_merges)),))


def examples():
    yield bpe_case(
        "example-low-lower-newest-widest", {"low": 5, "lower": 2, "newest": 6, "widest": 3}, 4
    )
    yield bpe_case("example-overlapping-run", {"aaa": 3, "aab": 1}, 5)
    yield bpe_case("example-tie", {"zy": 2, "ba": 2}, 1)


def random_words(rng, alphabet, count, low, high, max_count):
    table = {}
    while len(table) < count:
        length = int(rng.integers(low, high + 1))
        word = "".join(rng.choice(list(alphabet), size=length))
        table[word] = int(rng.integers(1, max_count + 1))
    return table


def hidden(rng: np.random.Generator):
    letters = [str(x) for x in rng.choice(list(LETTERS), size=12, replace=False)]
    x, y, z = letters[:3]

    # Runs of one letter: (x, x) counted at every position, merged left to right.
    runs = {x * 3: int(rng.integers(2, 6)), x * 5: 1, y + x * 3: int(rng.integers(1, 4)), x * 2: 2}
    yield bpe_case("runs-of-one-letter", runs, 6)
    yield bpe_case("odd-runs-merged-left-to-right", {x * 3: 5, x * 7: 2, z + x * 3 + y: 3}, 5)

    # The pair in the most words is not the most frequent: counts weight each occurrence.
    a, b, c, d, e, f, g, h = letters[3:11]
    weighted = {a + b + c: 1, a + b + d: 1, a + b + e: 1, f + g: int(rng.integers(4, 40))}
    weighted[h + f + g + h] = int(rng.integers(1, 5))
    yield bpe_case("counts-weight-the-pairs", weighted, 4)

    # Every pair equally frequent: the smallest first, whatever the order of the words.
    pairs = sorted({(s, t) for s in letters[:6] for t in letters[:6] if s != t})
    chosen = [pairs[i] for i in rng.choice(len(pairs), size=8, replace=False)]
    chosen.sort(reverse=True)  # the largest pair is seen first
    yield bpe_case("ties-words-in-reverse-order", {s + t: 3 for s, t in chosen}, 5)
    chosen = [pairs[i] for i in rng.choice(len(pairs), size=8, replace=False)]
    shuffled = [chosen[i] for i in rng.permutation(len(chosen))]
    yield bpe_case("ties-words-shuffled", {s + t + s: 2 for s, t in shuffled}, 10, keyword=True)

    # Ties between merged symbols: (x, yz) against (xy, z) and the like.
    yield bpe_case("ties-of-merged-symbols", {x + y + z: 4, y + z + x: 4, z + x + y: 4}, 6)

    # More merges asked than there are pairs: the list stops when every word is one symbol.
    small = random_words(rng, letters[:4], 3, 2, 4, 5)
    yield bpe_case("fewer-merges-than-asked", small, 30)
    yield bpe_case("single-letter-words", {x: 5, y: 2, z: 1}, 3)
    yield bpe_case("zero-merges", random_words(rng, letters[:5], 5, 2, 6, 9), 0)
    yield bpe_case("one-word", {"".join(rng.choice(letters[:3], size=9)): 1}, 20)

    # Random vocabularies: small alphabets make long symbols, repeated pairs and many ties.
    yield bpe_case("random-three-letters", random_words(rng, letters[:3], 12, 2, 9, 20), 25)
    yield bpe_case("random-five-letters", random_words(rng, letters[:5], 40, 3, 10, 50), 40)
    yield bpe_case("random-many-letters", random_words(rng, LETTERS, 60, 2, 12, 1000), 30)
    yield bpe_case(
        "random-equal-counts", {w: 1 for w in random_words(rng, letters[:4], 30, 2, 8, 1)}, 30
    )


def benchmark(rng: np.random.Generator):
    yield bpe_case(
        "benchmark-600-words-120-merges", random_words(rng, LETTERS[:10], 600, 3, 12, 500), 120
    )


def _describe(value):
    return "None" if value is None else f"a {type(value).__name__}"


def check(case, expected, actual, tolerance):
    want = expected[0]
    got = actual[0]
    if not isinstance(got, list):
        return Check(
            False, f"expected a list of pairs (tuples of two strings), got {_describe(got)}"
        )
    for k, pair in enumerate(got[: len(want)]):
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            what = (
                f"{_describe(pair)} of {len(pair)} items"
                if isinstance(pair, tuple | list)
                else _describe(pair)
            )
            return Check(
                False, f"merge {k + 1}: expected a pair (a tuple of two strings), got {what}"
            )
        if not all(isinstance(symbol, str) for symbol in pair):
            kinds = ", ".join(_describe(symbol) for symbol in pair)
            return Check(False, f"merge {k + 1}: expected two Python strings, got {kinds}")
        if tuple(pair) != tuple(want[k]):
            return Check(
                False,
                f"merge {k + 1} of {len(want)}: expected {tuple(want[k])!r}, got {tuple(pair)!r}",
            )
    if len(got) != len(want):
        more = "" if len(got) < len(want) else " (no pair is left after the expected ones)"
        return Check(False, f"expected {len(want)} merges, got {len(got)}{more}")
    return PASS

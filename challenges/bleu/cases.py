"""The BLEU suite: clipping (repeated tokens and phrases, one n-gram counted differently in each
reference), the closest reference length (not the shortest, not the longest, the shorter on a
tie, listed after the longer one), candidates longer, as long and shorter than it, a precision of
exactly 0 (no smoothing), candidates shorter than ``max_n`` and empty, ``max_n`` from 1 to 4 by
position and by name, and noisy copies of a sentence over a small vocabulary.

The checker wants one number (a Python or NumPy float; a Python int passes too) and compares it
with the reference's within the tolerance of challenge.toml. Every token is a Python ``str``.
"""

import numpy as np

from judge.challenges import Case, call
from judge.checking import PASS, Check

WORDS = [
    "the",
    "a",
    "cat",
    "dog",
    "sat",
    "on",
    "mat",
    "rug",
    "ran",
    "to",
    "park",
    "and",
    "then",
    "slept",
    "under",
    "big",
    "red",
    "old",
    "tree",
    "in",
    "sun",
    "by",
    "river",
    "we",
    "saw",
    "it",
    "again",
    "quickly",
    "home",
    "night",
    "was",
    "dark",
]


def bleu_case(name, candidate, references, max_n=None, keyword=False):
    args, kwargs = (list(candidate), [list(r) for r in references]), {}
    if max_n is not None and keyword:
        kwargs["max_n"] = int(max_n)
    elif max_n is not None:
        args += (int(max_n),)
    return Case(name, steps=(call(*args, **kwargs),))


def examples():
    yield bleu_case(
        "example-two-references",
        ["the", "cat", "sat", "on", "the", "mat"],
        [["the", "cat", "sat", "on", "the", "red", "mat"], ["a", "cat", "sat", "on", "a", "mat"]],
    )
    yield bleu_case(
        "example-clipped-unigrams",
        ["the", "the", "the", "the"],
        [["the", "cat", "sat", "on", "the", "mat"]],
        1,
    )
    yield bleu_case(
        "example-no-trigram-match",
        ["the", "cat", "the", "mat"],
        [["the", "cat", "sat", "on", "the", "mat"]],
        4,
    )


def hidden(rng: np.random.Generator):
    def words(k, vocabulary=WORDS):
        return [str(w) for w in rng.choice(vocabulary, size=k)]

    def distinct(k):
        return [str(w) for w in rng.choice(WORDS, size=k, replace=False)]

    def noisy(tokens, rate, vocabulary):
        """Each token replaced by a random word with probability ``rate``, a few dropped."""
        out = []
        for token in tokens:
            u = rng.random()
            if u < rate:
                out.append(str(rng.choice(vocabulary)))
            elif u < rate + 0.03:
                continue
            else:
                out.append(token)
        return out

    sentence = words(int(rng.integers(12, 25)))
    yield bleu_case("identical", sentence, [sentence])

    # Clipping: one word repeated; the reference holds it three times and one bigram of it.
    w, *others = distinct(6)
    reference = [w, w, others[0], others[1], w, others[2], others[3], others[4]]
    yield bleu_case("repeated-word-clipped", [w] * int(rng.integers(6, 10)), [reference], 2)

    # A phrase the candidate repeats three times, once in the first reference and twice in the
    # second: clipped by the larger count (2), not the sum (3) nor the first reference's (1).
    a, b, c, d, e, f, g, h, i, j = distinct(10)
    candidate = [a, b, c, d] * 3 + [e]
    first = [a, b, c, d, f, g, h, e]
    second = [i, a, b, c, d, j, a, b, c, d]
    yield bleu_case("phrase-clipped-by-best-reference", candidate, [first, second])
    yield bleu_case("phrase-clipped-by-best-reference-swapped", candidate, [second, first], 3)

    # A phrase of a noisy copy repeated: unclipped counts credit it twice.
    base = words(20)
    cut = int(rng.integers(4, 14))
    yield bleu_case("duplicated-phrase", base[:cut] + base[cut - 4 : cut] + base[cut:], [base])

    # Reference lengths: the closest one, neither the shortest nor the longest.
    base = words(30)
    c = int(rng.integers(9, 13))
    refs = [base[: c - 5], base[: c + 2], base[: c + 12]]
    yield bleu_case("closest-reference-is-longer", base[:c], refs)
    refs = [base[: c + 9], base[: c - 1], base[: c + 1] + words(3)]
    yield bleu_case("closest-reference-is-shorter", base[:c], refs)
    # A tie: c - 2 and c + 2 are as close; the shorter counts (no penalty). The longer is listed
    # first, where min() by distance alone would keep it.
    refs = [base[: c + 2], base[: c - 2]]
    yield bleu_case("closest-reference-tie", base[:c], refs)
    yield bleu_case("candidate-as-long-as-reference", base[:c], [list(base[:c]), words(c)])
    yield bleu_case("candidate-longer-than-references", base[: c + 6], [base[:c], base[: c - 3]])
    yield bleu_case("candidate-much-shorter", base[:6], [base[:24]])

    # A precision of exactly 0: BLEU is 0.0, with no smoothing.
    a, b, c_, d, e, f, g, h, x, y = distinct(10)
    yield bleu_case("no-4gram-match", [a, b, c_, x, d, e, f, y, g, h], [[a, b, c_, d, e, f, g, h]])
    left = distinct(12)
    yield bleu_case("no-unigram-match", left[:6], [left[6:]])
    short = words(3)
    yield bleu_case("shorter-than-max-n", short, [short + words(2)])
    yield bleu_case("shorter-than-max-n-by-keyword-3", short, [short + words(2)], 3, keyword=True)
    yield bleu_case("empty-candidate", [], [words(5)])
    yield bleu_case("one-token-max-n-1", short[:1], [short + words(1)], 1)

    # Noisy copies of one sentence over a small vocabulary: repeated n-grams, counted differently
    # in each reference.
    vocabulary = [str(w) for w in rng.choice(WORDS, size=8, replace=False)]
    source = words(40, vocabulary)
    refs = [noisy(source, 0.15, vocabulary) for _ in range(3)]
    yield bleu_case("noisy-small-vocabulary", noisy(source, 0.15, vocabulary), refs)
    yield bleu_case(
        "noisy-max-n-2-by-keyword", noisy(source, 0.25, vocabulary), refs, 2, keyword=True
    )
    source = words(300)
    refs = [noisy(source, 0.1, WORDS) for _ in range(4)]
    yield bleu_case("noisy-long", noisy(source, 0.1, WORDS)[:280], refs)


def benchmark(rng: np.random.Generator):
    vocabulary = WORDS[:20]
    source = [str(w) for w in rng.choice(vocabulary, size=20000)]

    def noisy(rate):
        keep = rng.random(len(source)) >= rate
        swap = rng.choice(vocabulary, size=len(source))
        return [t if k else str(s) for t, k, s in zip(source, keep, swap, strict=True)]

    references = [noisy(0.1) for _ in range(4)]
    yield bleu_case("benchmark-20000-tokens-4-references", noisy(0.1), references)


def check(case, expected, actual, tolerance):
    want = float(expected[0])
    got = actual[0]
    if isinstance(got, np.ndarray):
        return Check(
            False,
            f"expected one float, got a NumPy array of shape {got.shape}: BLEU is one number, "
            "the brevity penalty times the geometric mean of the precisions",
        )
    number = isinstance(got, int | float | np.integer | np.floating)
    if isinstance(got, bool | np.bool_) or not number:
        what = "None" if got is None else f"a {type(got).__name__}"
        return Check(
            False, f"expected a float (a Python float or a NumPy floating scalar), got {what}"
        )
    value = float(got)
    if np.isnan(value):
        return Check(
            False, "BLEU is NaN: a precision of 0 gives a score of 0.0 (log(0) is not taken)"
        )
    if abs(value - want) > tolerance.atol + tolerance.rtol * abs(want):
        return Check(
            False,
            f"BLEU is {value:.10g}, expected {want:.10g} (abs error {abs(value - want):.3g})",
        )
    return PASS

"""Who wrote it alone: fingerprints of a submission's source that survive a copier's usual moves,
and a score per pair; what every candidate is given left out, and the regions two sources share
(the side-by-side view's).

The fingerprints follow MOSS (Schleimer, Wilkerson and Aiken, "Winnowing: local algorithms for
document fingerprinting", SIGMOD 2003): the source as Python's own tokenizer reads it, with
comments, blank lines, layout and docstrings gone, every name the source itself binds (its
functions, parameters, variables, loop and comprehension variables, the attributes it assigns)
written ``V``, numbers ``N`` and strings ``S``; then the hashes of every run of ``K`` tokens, of
which winnowing keeps the smallest in each window of ``W``. Names the source does not bind stay
as they are: ``np.einsum`` against ``np.tensordot``, ``range`` against ``zip``, tell different
approaches apart, and a copier renaming their own variables changes none of them.

Pure logic, the standard library only. The per-challenge threshold, calibrated from the
package's own independent solutions, is :mod:`judge.similarity_thresholds`'s; the index that
finds a new submission's nearest earlier ones in one query is :mod:`judge.similarity_index`'s
(the worker computes and indexes the fingerprints after the verdict); the reviewers' listings
and side-by-side view are :mod:`judge.similar_pairs`'s.
"""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import io
import keyword
import re
import token
import tokenize
from collections.abc import Iterable, Iterator

#: Tokens per k-gram, and the winnowing window (every run of ``W + K - 1`` = 8 shared tokens is
#: certain to share a fingerprint). Chosen by bench/similarity.py over k in 4..8 and w in 1..6:
#: shorter k-grams made honest solutions of a challenge share too much (``V = np . sum (`` is
#: everyone's: 7-8% false positives at k=4), longer ones lost copies of short solutions, whose
#: edits (dead code, a loop rewritten) break every k-gram around them (recall 0.97 at k=8, w=6);
#: a wider window stored fewer rows but lost copies too. k=6, w=3: recall 0.994, 3.5%.
K = 6
W = 3

_SKIPPED = {
    tokenize.COMMENT,
    tokenize.NL,
    tokenize.NEWLINE,
    tokenize.INDENT,
    tokenize.DEDENT,
    tokenize.ENCODING,
    tokenize.ENDMARKER,
}
_FENCED = re.compile(r"^```(?:python|py)?[ \t]*\n(.*?)^```", re.M | re.S)
_FSTRING_START = getattr(token, "FSTRING_START", None)  # 3.12 splits an f-string into tokens
_FSTRING_END = getattr(token, "FSTRING_END", None)


def fingerprints(source: str, ignore: Iterable[int] = frozenset()) -> set[int]:
    """The winnowed k-gram hashes of ``source``, less ``ignore`` (the hashes of what every
    candidate is given). Source that does not parse has none: it scores 0 with everything."""
    tokens = normalised_tokens(source)
    if tokens is None:
        return set()
    return set(winnow(kgram_hashes(tokens))) - set(ignore)


def given_prints(*sources: str) -> frozenset[int]:
    """The hashes of code every candidate is given (the starter, the statement's code blocks):
    all of their k-grams, not only the winnowed ones, so none counts in a submission."""
    prints: set[int] = set()
    for source in sources:
        tokens = normalised_tokens(source)
        if tokens is not None:
            prints.update(kgram_hashes(tokens))
    return frozenset(prints)


def statement_code(markdown: str) -> list[str]:
    """The code blocks of a statement, as code: a doctest block's ``>>>``/``...`` lines without
    their prompts (its printed results are not code)."""
    blocks = []
    for block in _FENCED.findall(markdown):
        lines = block.splitlines()
        prompted = [line[4:] for line in lines if line.startswith((">>> ", "... "))]
        blocks.append("\n".join(prompted if prompted else lines) + "\n")
    return blocks


def normalised_tokens(source: str) -> list[str] | None:
    """The source's tokens as compared, or None where it does not parse."""
    placed = placed_tokens(source)
    return None if placed is None else [word for word, _, _ in placed]


def placed_tokens(source: str) -> list[tuple[str, int, int]] | None:
    """The source's tokens as compared, each with the lines it starts and ends on (for the
    side-by-side view), or None where it does not parse."""
    try:
        tree = ast.parse(source)
        raw = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (SyntaxError, ValueError, tokenize.TokenError, RecursionError, MemoryError):
        return None
    names, attributes = _bound_names(tree)
    docstrings = _docstring_starts(tree)
    return list(_normalise(raw, names, attributes, docstrings))


def _normalise(
    raw: list[tokenize.TokenInfo],
    names: set[str],
    attributes: set[str],
    docstrings: set[tuple[int, int]],
) -> Iterator[tuple[str, int, int]]:
    previous = ""
    depth = 0  # inside a 3.12 f-string's own tokens: the whole f-string is one "S"
    opened = 0  # the line the outermost f-string began on
    for tok in raw:
        if _FSTRING_START is not None and tok.type == _FSTRING_START:
            opened = tok.start[0] if not depth else opened
            depth += 1
            continue
        if depth:
            if tok.type == _FSTRING_END:
                depth -= 1
                if not depth:
                    previous = "S"
                    yield previous, opened, tok.end[0]
            continue
        if tok.type in _SKIPPED or (tok.type == tokenize.STRING and tok.start in docstrings):
            continue
        previous = _word(tok, previous, names, attributes)
        yield previous, tok.start[0], tok.end[0]


def _word(tok: tokenize.TokenInfo, previous: str, names: set[str], attributes: set[str]) -> str:
    if tok.type == tokenize.NUMBER:
        return "N"
    if tok.type == tokenize.STRING:
        return "S"
    if tok.type == tokenize.NAME and not keyword.iskeyword(tok.string):
        bound = attributes if previous == "." else names
        return "V" if tok.string in bound else tok.string
    return tok.string


def _bound_names(tree: ast.AST) -> tuple[set[str], set[str]]:
    """The names the source binds (normalised wherever they appear, keyword arguments
    included), and the attributes it assigns (``self.m = ...``: normalised after a dot).
    Imports are left out: ``np`` is a convention, not a choice that hides a copy."""
    names: set[str] = set()
    attributes: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            names.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store | ast.Del):
            attributes.add(node.attr)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        elif isinstance(node, ast.Global | ast.Nonlocal):
            names.update(node.names)
    return names, attributes


def _docstring_starts(tree: ast.AST) -> set[tuple[int, int]]:
    """Where each string that is a statement of its own begins: docstrings, and strings used as
    comments; their tokens are dropped like comments."""
    return {
        (node.lineno, node.col_offset)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    }


def stable_hash(gram: Iterable[str]) -> int:
    """A k-gram's hash, the same in every process (``hash()`` is salted per process) and under
    2**63, so that it fits a signed 64-bit column."""
    digest = hashlib.blake2b("\x1f".join(gram).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") & (2**63 - 1)


def kgram_hashes(tokens: list[str], k: int = K) -> list[int]:
    """The hash of every run of ``k`` tokens, in order; one for a source shorter than ``k``."""
    if not tokens:
        return []
    if len(tokens) < k:
        return [stable_hash(tokens)]
    return [stable_hash(tokens[i : i + k]) for i in range(len(tokens) - k + 1)]


def winnow(hashes: list[int], w: int = W) -> list[int]:
    """MOSS's robust winnowing: in each window of ``w`` hashes the smallest (the rightmost of
    equals), each taken once per position; all of them where there are fewer than ``w``."""
    if len(hashes) <= w:
        return list(hashes)
    chosen: list[int] = []
    last = -1
    for start in range(len(hashes) - w + 1):
        window = hashes[start : start + w]
        low = min(window)
        at = start + max(i for i, h in enumerate(window) if h == low)
        if at != last:
            chosen.append(low)
            last = at
    return chosen


def score(a: set[int], b: set[int]) -> float:
    """How much of the smaller fingerprint set the larger one holds, in [0, 1]: containment
    rather than Jaccard, so that a copy padded with dead code and helpers still scores high.
    Empty sets (nothing of one's own, or source that does not parse) score 0."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


@dataclasses.dataclass(frozen=True)
class Match:
    """A run of tokens two sources share, as the side-by-side view shows it: the lines it
    spans in each (first and last, counted from 1) and its length in tokens."""

    a: tuple[int, int]
    b: tuple[int, int]
    tokens: int


#: Where one k-gram of a source recurs this often in the other (a repeated line), only the
#: first places are tried as a match's start: the view's cost stays linear in the sources.
MAX_STARTS = 32


def matching_regions(
    source_a: str, source_b: str, ignore: Iterable[int] = frozenset()
) -> list[Match]:
    """The runs of tokens the two sources share, in ``source_a``'s order: from each k-gram of
    ``a`` not yet covered whose hash ``b`` holds too (and that is not in ``ignore``, what every
    candidate is given), the longest run of equal k-grams from any of its places in ``b``. What
    the score counts is in these runs (a shared fingerprint is a shared k-gram); the runs show
    it in context, as MOSS's side-by-side pages do."""
    placed_a, placed_b = placed_tokens(source_a), placed_tokens(source_b)
    if not placed_a or not placed_b:
        return []
    skip = set(ignore)
    hashes_a = kgram_hashes([word for word, _, _ in placed_a])
    hashes_b = kgram_hashes([word for word, _, _ in placed_b])
    places: dict[int, list[int]] = {}
    for j, h in enumerate(hashes_b):
        if h not in skip and len(places.setdefault(h, [])) < MAX_STARTS:
            places[h].append(j)
    matches: list[Match] = []
    i = 0
    while i < len(hashes_a):
        length, start = 0, -1
        for j in places.get(hashes_a[i], ()):
            n = _run(hashes_a, hashes_b, i, j, skip)
            if n > length:
                length, start = n, j
        if not length:
            i += 1
            continue
        matches.append(
            Match(
                _lines(placed_a, i, length),
                _lines(placed_b, start, length),
                min(length + K - 1, len(placed_a) - i),
            )
        )
        i += length
    return matches


def _run(a: list[int], b: list[int], i: int, j: int, skip: set[int]) -> int:
    n = 0
    while i + n < len(a) and j + n < len(b) and a[i + n] == b[j + n] and a[i + n] not in skip:
        n += 1
    return n


def _lines(placed: list[tuple[str, int, int]], first_gram: int, grams: int) -> tuple[int, int]:
    """The lines of ``grams`` k-grams from the ``first_gram``-th: their first token's first
    line to their last token's last."""
    last = min(first_gram + grams + K - 2, len(placed) - 1)
    return placed[first_gram][1], placed[last][2]

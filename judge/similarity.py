"""Who wrote it alone: fingerprints of a submission's source that survive a copier's usual moves,
a score per pair, a per-challenge threshold calibrated from the package's own independent
solutions, and an index that finds a new submission's nearest earlier ones in one query.

The fingerprints follow MOSS (Schleimer, Wilkerson and Aiken, "Winnowing: local algorithms for
document fingerprinting", SIGMOD 2003): the source as Python's own tokenizer reads it, with
comments, blank lines, layout and docstrings gone, every name the source itself binds (its
functions, parameters, variables, loop and comprehension variables, the attributes it assigns)
written ``V``, numbers ``N`` and strings ``S``; then the hashes of every run of ``K`` tokens, of
which winnowing keeps the smallest in each window of ``W``. Names the source does not bind stay
as they are: ``np.einsum`` against ``np.tensordot``, ``range`` against ``zip``, tell different
approaches apart, and a copier renaming their own variables changes none of them.

Pure logic and SQLAlchemy only: the worker computes and indexes the fingerprints after the
verdict; the reviewers' listings (the API, ``judge similar``) read :func:`similar_pairs` through
:func:`challenge_listing` and :func:`assessment_listing`.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import functools
import hashlib
import io
import itertools
import keyword
import re
import token
import tokenize
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import case, delete, func, insert, select
from sqlalchemy.orm import aliased

from judge.assessments import challenge_slugs, get_assessment
from judge.errors import ChallengeError
from judge.storage import Candidate, SimilarMatch, Submission, SubmissionFingerprint, User
from judge.submissions import MAX_ID
from judge.verdicts import IN_FLIGHT

#: Tokens per k-gram, and the winnowing window (every run of ``W + K - 1`` = 8 shared tokens is
#: certain to share a fingerprint). Chosen by bench/similarity.py over k in 4..8 and w in 1..6:
#: shorter k-grams made honest solutions of a challenge share too much (``V = np . sum (`` is
#: everyone's: 7-8% false positives at k=4), longer ones lost copies of short solutions, whose
#: edits (dead code, a loop rewritten) break every k-gram around them (recall 0.97 at k=8, w=6);
#: a wider window stored fewer rows but lost copies too. k=6, w=3: recall 0.994, 3.5%.
K = 6
W = 3
#: The calibrated threshold never leaves this range: below it, chance likeness of short
#: solutions; above it, a copier's few edits would hide a copy.
LOWEST, HIGHEST = 0.5, 0.95
#: Above the highest score between a challenge's independent solutions: the margin that keeps
#: another honest pair (unseen, perhaps a little closer) below the threshold.
MARGIN = 0.1

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


def threshold(independent: list[str], ignore: Iterable[int] = frozenset()) -> float:
    """The score above which a pair of this challenge's submissions is shown to reviewers: the
    highest score between any two of its independent solutions (the package's ``right/`` files
    and its reference, written apart), plus :data:`MARGIN`, within [:data:`LOWEST`,
    :data:`HIGHEST`]. Honest pairs of a short challenge look alike by chance, and that challenge
    gets a higher threshold; with fewer than two solutions the lowest bound stands."""
    prints = [fingerprints(source, ignore) for source in independent]
    highest = max((score(a, b) for a, b in itertools.combinations(prints, 2)), default=0.0)
    return min(HIGHEST, max(LOWEST, highest + MARGIN))


# A challenge's package: what its candidates are given, and its independent solutions.


def package_given(package: Path) -> frozenset[int]:
    """The hashes of what every candidate of the package at ``package`` is given: its starter
    and its statement's code blocks."""
    starter = package / "starter.py"
    sources = [starter.read_text(encoding="utf-8")] if starter.is_file() else []
    sources += statement_code((package / "statement.md").read_text(encoding="utf-8"))
    return given_prints(*sources)


def package_solutions(package: Path) -> dict[str, str]:
    """The package's independent solutions by file name: its ``right/*.py`` and its reference."""
    found = {p.name: p.read_text(encoding="utf-8") for p in sorted(package.glob("right/*.py"))}
    found["reference.py"] = (package / "reference.py").read_text(encoding="utf-8")
    return found


def package_threshold(package: Path) -> float:
    """:func:`threshold` for the package at ``package`` (a challenge's ``path``)."""
    return threshold(list(package_solutions(package).values()), package_given(package))


def challenge_threshold(challenge: Any) -> float:
    """:func:`package_threshold` of a loaded challenge (anything with a ``path``), computed once
    per version of the package's files: fingerprinting its solutions takes milliseconds per
    file, and a listing asks on every request."""
    package = Path(challenge.path)
    return _cached_threshold(package, _package_stamp(package))


def _package_stamp(package: Path) -> tuple[tuple[str, int, int], ...]:
    """What the threshold is made from, as it is now (one ``stat`` each): an edited, added or
    removed solution, starter or statement is a new stamp, and the threshold is made again."""
    files = [package / "reference.py", package / "starter.py", package / "statement.md"]
    files += sorted(package.glob("right/*.py"))
    stamp = []
    for path in files:
        try:
            info = path.stat()
        except OSError:
            continue
        stamp.append((path.name, info.st_mtime_ns, info.st_size))
    return tuple(stamp)


def threshold_in(challenges: Any, slug: str) -> float:
    """:func:`challenge_threshold` of ``challenges.get(slug)`` (a challenge repository's);
    the lowest bound where its package is gone or does not load now (an assessment outlives
    its packages): more pairs shown, none hidden."""
    try:
        return challenge_threshold(challenges.get(slug))
    except ChallengeError:
        return LOWEST


def challenge_given(challenge: Any) -> frozenset[int]:
    """:func:`package_given` of a loaded challenge, computed once per version of its files."""
    package = Path(challenge.path)
    return _cached_given(package, _package_stamp(package))


@functools.lru_cache(maxsize=256)
def _cached_threshold(package: Path, stamp: tuple[tuple[str, int, int], ...]) -> float:
    return package_threshold(package)


@functools.lru_cache(maxsize=256)
def _cached_given(package: Path, stamp: tuple[tuple[str, int, int], ...]) -> frozenset[int]:
    return package_given(package)


# The index: one row per (submission, fingerprint), looked up by (challenge, hash).


def index_submission(db: Any, submission_id: int, challenge: str, prints: set[int]) -> None:
    """Store a submission's fingerprints (again: the earlier ones are replaced)."""
    with db.session() as session, session.begin():
        _store_prints(session, submission_id, challenge, prints)


def _store_prints(session: Any, submission_id: int, challenge: str, prints: set[int]) -> None:
    rows = [
        {"submission_id": submission_id, "challenge": challenge, "hash": h, "size": len(prints)}
        for h in sorted(prints)
    ]
    session.execute(
        delete(SubmissionFingerprint).where(SubmissionFingerprint.submission_id == submission_id)
    )
    if rows:
        session.execute(insert(SubmissionFingerprint), rows)


#: How many of its nearest others a submission keeps (:func:`record`): enough for a copy's
#: original and its other copies; a trivial challenge's thousand identical one-liners keep a
#: listing linear in its submissions, not quadratic.
MATCHES_KEPT = 10


def record(db: Any, submission_id: int, challenge: str, prints: set[int]) -> int:
    """Index a judged submission's fingerprints and keep its nearest others: the other users'
    submissions of ``challenge`` indexed so far whose score with it reaches :data:`LOWEST` (no
    challenge's threshold is lower), the :data:`MATCHES_KEPT` highest. One lookup through the
    index (:func:`similar_to`); a pair is found by whichever of its two was indexed second.
    Returns how many it kept. One transaction: a submission is never left indexed without
    its matches."""
    with db.session() as session, session.begin():
        _store_prints(session, submission_id, challenge, prints)
        query = _similar_query(submission_id, challenge, prints, LOWEST, other_users=True)
        found = [] if query is None else _scored(session.execute(query), len(prints))
        kept = found[:MATCHES_KEPT]
        session.execute(delete(SimilarMatch).where(SimilarMatch.submission_id == submission_id))
        if kept:
            session.execute(
                insert(SimilarMatch),
                [
                    {"submission_id": submission_id, "other_id": other, "challenge": challenge}
                    | {"score": value}
                    for other, value in kept
                ],
            )
    return len(kept)


def index_earlier(
    db: Any, given_of: Callable[[str], frozenset[int] | None], batch: int = 200
) -> tuple[int, int]:
    """Fingerprint every judged submission the index has no row of: those judged before it
    existed (migration 0011), or while indexing failed. ``given_of(slug)`` is what the
    challenge's candidates are given, ``None`` where its package is gone (its submissions are
    left as they are). Each submission is read once, in id order, ``batch`` at a time. Returns
    how many were indexed, and how many of them have no fingerprint of their own (source that
    does not parse, or the given code alone: they get no row, and are read again next time)."""
    indexed = empty = 0
    after = 0
    while True:
        rows = _unindexed(db, after, batch)
        if not rows:
            return indexed, empty
        for number, slug, source in rows:
            given = given_of(slug)
            if given is None:
                continue
            prints = fingerprints(source, given)
            record(db, number, slug, prints)
            indexed += 1
            empty += not prints
        after = rows[-1][0]


def _unindexed(db: Any, after: int, batch: int) -> list[tuple[int, str, str]]:
    fp = SubmissionFingerprint
    indexed = select(fp.submission_id).where(fp.submission_id == Submission.id).exists()
    query = (
        select(Submission.id, Submission.challenge, Submission.source)
        .where(Submission.id > after, Submission.status.not_in(IN_FLIGHT), ~indexed)
        .order_by(Submission.id)
        .limit(batch)
    )
    with db.session() as session:
        return [(n, slug, source) for n, slug, source in session.execute(query)]


def similar_to(
    db: Any,
    submission_id: int,
    challenge: str,
    prints: set[int],
    threshold: float,
    other_users: bool = False,
) -> list[tuple[int, float]]:
    """The other submissions of ``challenge`` whose score with ``prints`` reaches
    ``threshold``, highest first (only other users' than ``submission_id``'s, with
    ``other_users``): one query through the (challenge, hash) index that counts the hashes
    each shares with ``prints``. Its cost grows with the number of rows that share a hash, not
    with the number of submissions."""
    query = _similar_query(submission_id, challenge, prints, threshold, other_users)
    if query is None:
        return []
    with db.session() as session:
        return _scored(session.execute(query), len(prints))


def _scored(rows: Iterable[Any], count: int) -> list[tuple[int, float]]:
    """The rows of :func:`_similar_query` as ``(other, score)``, highest first."""
    found = [(other, shared / min(count, most)) for other, shared, most in rows]
    return sorted(found, key=lambda pair: (-pair[1], pair[0]))


def _similar_query(
    submission_id: int, challenge: str, prints: set[int], threshold: float, other_users: bool
) -> Any:
    if not prints:
        return None
    fp = SubmissionFingerprint
    shared = func.count()
    size = func.max(fp.size)
    # Only the pairs that reach the threshold leave the database: shared / min(n, size) >= t
    # (a hair below t there, so that rounding there never drops a pair exactly at it).
    smaller = case((size < len(prints), size), else_=len(prints))
    query = (
        select(fp.submission_id, shared, size)
        .where(fp.challenge == challenge, fp.hash.in_(sorted(prints)))
        .where(fp.submission_id != submission_id)
        .group_by(fp.submission_id)
        .having(shared >= smaller * threshold - 1e-9)
    )
    if other_users:
        groups = query.subquery()
        theirs, mine = aliased(Submission), aliased(Submission)
        query = (
            select(*groups.c)
            .join(theirs, theirs.id == groups.c.submission_id)
            .join(mine, mine.id == submission_id)
            .where(theirs.user_id != mine.user_id)
        )
    return query


def similar_pairs(
    db: Any, challenge: str, threshold: float, submission_ids: set[int] | None = None
) -> list[tuple[int, int, float]]:
    """Every pair ``(a, b, score)`` (``a < b``) of the indexed submissions of ``challenge``
    whose score reaches ``threshold``, highest first; only among ``submission_ids`` where it is
    given (an assessment's candidates' submissions). A pair of one user's own submissions is no
    finding (everyone's second try looks like their first) and is left out.

    One grouped self-join of the index on (challenge, hash): its cost grows with the number of
    pairs of rows that share a hash, that is, for each fingerprint, the square of the number of
    submissions that hold it. Honest submissions of a challenge share few, so it stays well
    under the square of the submissions' fingerprint rows; but it is a reviewer's listing, read
    on demand, never the worker's per-submission comparison (:func:`similar_to`)."""
    if submission_ids is not None and not submission_ids:
        return []
    a, b = _side(submission_ids), _side(submission_ids)
    shared = func.count()
    size_a, size_b = func.max(a.size), func.max(b.size)
    smaller = case((size_a < size_b, size_a), else_=size_b)
    grouped = (
        select(
            a.submission_id.label("a"),
            b.submission_id.label("b"),
            shared.label("shared"),
            smaller.label("smaller"),
        )
        .join(b, (b.challenge == a.challenge) & (b.hash == a.hash))
        .where(a.challenge == challenge, a.submission_id < b.submission_id)
        .group_by(a.submission_id, b.submission_id)
        # A hair below the threshold there, so that rounding never drops a pair exactly at it.
        .having(shared >= smaller * threshold - 1e-9)
    )
    pairs = grouped.subquery()
    first, second = aliased(Submission), aliased(Submission)
    query = (
        select(pairs.c.a, pairs.c.b, pairs.c.shared, pairs.c.smaller)
        .join(first, first.id == pairs.c.a)
        .join(second, second.id == pairs.c.b)
        .where(first.user_id != second.user_id)
    )
    with db.session() as session:
        found = [(x, y, count / size) for x, y, count, size in session.execute(query) if size]
    return sorted(found, key=lambda pair: (-pair[2], pair[0], pair[1]))


def _side(submission_ids: set[int] | None) -> Any:
    """One side of the index's self-join: all of it, or the chosen submissions' rows alone,
    picked first through the primary key, so that a fingerprint every public submission holds
    is not probed once per holder."""
    if submission_ids is None:
        return aliased(SubmissionFingerprint)
    fp = SubmissionFingerprint
    chosen = select(fp).where(fp.submission_id.in_(sorted(submission_ids))).subquery()
    return aliased(fp, chosen)


# The reviewers' listings: the pairs with who wrote each side (a candidate by their own name).


#: The most pairs a challenge's listing shows, highest first.
LISTED = 500


def challenge_listing(
    db: Any, challenge: str, threshold: float, limit: int = LISTED
) -> dict[str, Any]:
    """The pairs of ``challenge``'s submissions at or above ``threshold``, as reviewers read
    them (the API's ``GET /api/v1/challenges/<slug>/similar``): each submission with the
    nearest others it kept when indexed (:func:`record`), the ``limit`` highest, and how many
    there are in all. Read from the stored matches, its cost is that of the pairs, however many
    submissions the challenge has."""
    pairs, total = stored_pairs(db, challenge, threshold, limit)
    return {
        "challenge": challenge,
        "threshold": threshold,
        "total": total,
        "pairs": _pair_views(db, pairs),
    }


def stored_pairs(
    db: Any, challenge: str, threshold: float, limit: int = LISTED
) -> tuple[list[tuple[int, int, float]], int]:
    """The stored matches of ``challenge`` at or above ``threshold`` as pairs ``(a, b,
    score)``, ``a < b`` (a pair both of whose submissions kept the other is one), highest
    first, at most ``limit``; and how many pairs there are in all."""
    m = SimilarMatch
    low = case((m.submission_id < m.other_id, m.submission_id), else_=m.other_id)
    high = case((m.submission_id < m.other_id, m.other_id), else_=m.submission_id)
    pairs = (
        select(low.label("a"), high.label("b"), func.max(m.score).label("score"))
        .where(m.challenge == challenge, m.score >= threshold - 1e-9)
        .group_by(low, high)
        .subquery()
    )
    with db.session() as session:
        total = session.scalar(select(func.count()).select_from(pairs)) or 0
        rows = session.execute(
            select(pairs.c.a, pairs.c.b, pairs.c.score)
            .order_by(pairs.c.score.desc(), pairs.c.a, pairs.c.b)
            .limit(limit)
        ).all()
    return [(a, b, value) for a, b, value in rows], total


def assessment_listing(
    db: Any, assessment_id: int, threshold_of: Callable[[str], float]
) -> dict[str, Any]:
    """The pairs among an assessment's candidates' submissions, per challenge of the
    assessment at that challenge's threshold (``threshold_of(slug)``), highest first; each pair
    names its ``challenge``. Raises :class:`judge.assessments.AssessmentError` (404) for an
    unknown assessment."""
    assessment = get_assessment(db, assessment_id)
    with db.session() as session:
        rows = session.execute(
            select(Submission.id, Submission.challenge)
            .join(Candidate, Candidate.user_id == Submission.user_id)
            .where(Candidate.assessment_id == assessment.id)
        ).all()
    thresholds: dict[str, float] = {}
    listed: list[dict[str, Any]] = []
    for slug in challenge_slugs(assessment):
        thresholds[slug] = threshold_of(slug)
        ids = {number for number, on in rows if on == slug}
        pairs = similar_pairs(db, slug, thresholds[slug], ids)
        listed += [{"challenge": slug, **view} for view in _pair_views(db, pairs)]
    listed.sort(key=lambda view: -view["score"])  # stable: each challenge's order kept
    return {"assessment": assessment.id, "thresholds": thresholds, "pairs": listed}


class PairRefused(ValueError):
    """Two submissions that cannot be compared side by side, in words for the reviewer;
    ``status`` is the HTTP answer it maps to."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def pair_comparison(
    db: Any,
    first: int,
    second: int,
    given_of: Callable[[str], frozenset[int]],
    threshold_of: Callable[[str], float],
) -> dict[str, Any]:
    """Two submissions of one challenge side by side, as reviewers read them: each side (its
    author, as in the listings) with its source, their score and the challenge's threshold, and
    the regions they share (:func:`matching_regions`, less ``given_of(slug)``, what every
    candidate of the challenge is given). Raises :class:`PairRefused`."""
    if first == second:
        raise PairRefused("a submission is compared with another one, not with itself")
    # An id past any database's widest key is no submission (and no query: PostgreSQL refuses
    # the number).
    asked = [n for n in (first, second) if 0 < n <= MAX_ID]
    with db.session() as session:
        found = {
            row.id: (row.challenge, row.source)
            for row in session.scalars(select(Submission).where(Submission.id.in_(asked)))
        }
    missing = [str(n) for n in (first, second) if n not in found]
    if missing:
        raise PairRefused(f"no submission {' or '.join(missing)}", 404)
    (slug, source_a), (other, source_b) = found[first], found[second]
    if slug != other:
        raise PairRefused(
            f"submission {first} is of {slug}, {second} of {other}: only submissions of one "
            "challenge are compared"
        )
    given = given_of(slug)
    sides = _submission_sides(db, {first, second})
    matches = matching_regions(source_a, source_b, given)
    return {
        "challenge": slug,
        "threshold": threshold_of(slug),
        "score": round(score(fingerprints(source_a, given), fingerprints(source_b, given)), 4),
        "a": {**sides[first], "source": source_a},
        "b": {**sides[second], "source": source_b},
        "matches": [{"a": list(m.a), "b": list(m.b), "tokens": m.tokens} for m in matches],
    }


def _pair_views(db: Any, pairs: list[tuple[int, int, float]]) -> list[dict[str, Any]]:
    sides = _submission_sides(db, {n for a, b, _ in pairs for n in (a, b)})
    return [{"score": round(s, 4), "a": sides[a], "b": sides[b]} for a, b, s in pairs]


def _submission_sides(db: Any, ids: set[int]) -> dict[int, dict[str, Any]]:
    """Each submission as one side of a pair: its author (a candidate's own name, with their
    assessment, rather than their hidden user's), its status and when it came."""
    if not ids:
        return {}
    query = (
        select(Submission, User.name, Candidate.name, Candidate.assessment_id)
        .join(User, User.id == Submission.user_id)
        .outerjoin(Candidate, Candidate.user_id == Submission.user_id)
        .where(Submission.id.in_(sorted(ids)))
    )
    sides = {}
    with db.session() as session:
        for submission, user, candidate, assessment in session.execute(query):
            side: dict[str, Any] = {
                "submission": submission.id,
                "user": user if candidate is None else candidate,
                "status": submission.status,
                "created_at": submission.created_at.replace(tzinfo=dt.UTC).isoformat(),
            }
            if candidate is not None:
                side["assessment"] = assessment
            sides[submission.id] = side
    return sides

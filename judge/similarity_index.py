"""The index of the judged submissions' fingerprints: one row per (submission, fingerprint),
looked up by (challenge, hash), so that a new submission's nearest earlier ones are found in one
grouped query; and the nearest others each submission keeps, what a challenge's listing reads
(:func:`judge.similar_pairs.challenge_listing`).

SQLAlchemy only: the worker fingerprints a judged submission (:mod:`judge.similarity`) and
records it here (:func:`record`); ``judge similar --index-earlier`` indexes the ones judged
before (:func:`index_earlier`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import case, delete, func, insert, select
from sqlalchemy.orm import aliased

from judge.similarity import fingerprints
from judge.similarity_thresholds import LOWEST
from judge.storage import SimilarMatch, Submission, SubmissionFingerprint
from judge.verdicts import IN_FLIGHT


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
    submissions of ``challenge`` indexed so far whose score with it reaches
    :data:`judge.similarity_thresholds.LOWEST` (no challenge's threshold is lower), the
    :data:`MATCHES_KEPT` highest. One lookup through the index (:func:`similar_to`); a pair is
    found by whichever of its two was indexed second. Returns how many it kept. One
    transaction: a submission is never left indexed without its matches."""
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

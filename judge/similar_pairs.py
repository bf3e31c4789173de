"""The reviewers' pairs of submissions that look copied: a challenge's, from the matches each
submission kept when indexed (:mod:`judge.similarity_index`); an assessment's, every pair among
its candidates' submissions by a self-join of the index; and two submissions side by side with
the regions they share. Each side names who wrote it (a candidate by their own name).

SQLAlchemy only: the API, the pages and ``judge similar`` read :func:`challenge_listing`,
:func:`assessment_listing` and :func:`pair_comparison`, at each challenge's threshold
(:mod:`judge.similarity_thresholds`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased

from judge.assessments import challenge_slugs, get_assessment
from judge.similarity import fingerprints, matching_regions, score
from judge.storage import Candidate, SimilarMatch, Submission, SubmissionFingerprint, User
from judge.submissions import MAX_ID


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
    on demand, never the worker's per-submission comparison
    (:func:`judge.similarity_index.similar_to`)."""
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
    nearest others it kept when indexed (:func:`judge.similarity_index.record`), the ``limit``
    highest, and how many there are in all. Read from the stored matches, its cost is that of
    the pairs, however many submissions the challenge has."""
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
    the regions they share (:func:`judge.similarity.matching_regions`, less ``given_of(slug)``,
    what every candidate of the challenge is given). Raises :class:`PairRefused`."""
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

"""Standings: who solved what, how fast, ranked. What the leaderboards and pages show.

Only accepted, timed and unflagged submissions carry a score that ranks; a flagged one's times
are not believed, so they appear in no ranking and no runtime plot. An assessment's candidates'
submissions are private (:data:`judge.candidates.PUBLIC`): no board, plot, statistic or user page
counts or shows them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import statistics
from typing import Any

from sqlalchemy import and_, distinct, func, select

from judge.candidates import PUBLIC
from judge.storage import Candidate, Database, Submission, User
from judge.timing import OUTSIDE_CLOCK
from judge.verdicts import IN_FLIGHT, Verdict

ACCEPTED = Verdict.ACCEPTED.value
RANKED = and_(
    Submission.status == ACCEPTED, Submission.score.is_not(None), Submission.flagged == "", PUBLIC
)


def leaderboard(db: Database, challenge: str, limit: float = 100) -> list[dict[str, Any]]:
    """Each user's best accepted, timed and unflagged submission, best score first (ties: the
    earlier submission first)."""
    query = (
        select(
            Submission.id,
            Submission.user_id,
            User.name,
            Submission.score,
            Submission.median_ms,
            Submission.reference_ms,
            Submission.scored_on,
            Submission.clock,
            Submission.created_at,
        )
        .join(User, User.id == Submission.user_id)
        .where(Submission.challenge == challenge, RANKED)
        .order_by(Submission.score, Submission.created_at, Submission.id)
    )
    best: dict[int, Any] = {}
    with db.session() as session:
        for row in session.execute(query):
            best.setdefault(row.user_id, row)
            if len(best) >= limit:
                break
    return [
        {
            "rank": rank,
            "user": row.name,
            "submission": row.id,
            "score": row.score,
            "median_ms": row.median_ms,
            "reference_ms": row.reference_ms,
            "scored_on": row.scored_on,
            "clock": row.clock or OUTSIDE_CLOCK,
            "submitted_at": iso(row.created_at),
        }
        for rank, row in enumerate(best.values(), start=1)
    ]


def solved_challenges(db: Database, user: User) -> set[str]:
    """The challenges ``user`` has an accepted submission for."""
    with db.session() as session:
        rows = session.scalars(
            select(Submission.challenge)
            .where(Submission.user_id == user.id, Submission.status == ACCEPTED)
            .distinct()
        )
        return set(rows)


@dataclasses.dataclass
class ChallengeStats:
    solvers: int = 0  # people with an accepted submission
    judged: int = 0  # submissions with a verdict
    accepted: int = 0

    @property
    def acceptance(self) -> float | None:
        """The share of judged submissions that were accepted; ``None`` before any."""
        return self.accepted / self.judged if self.judged else None


def challenge_stats(db: Database) -> dict[str, ChallengeStats]:
    """For every challenge with submissions: its solvers and acceptance, in one query."""
    judged = Submission.status.not_in(IN_FLIGHT)
    accepted = Submission.status == ACCEPTED
    query = (
        select(
            Submission.challenge,
            func.count(distinct(Submission.user_id)).filter(accepted),
            func.count().filter(judged),
            func.count().filter(accepted),
        )
        .where(PUBLIC)
        .group_by(Submission.challenge)
    )
    with db.session() as session:
        return {
            slug: ChallengeStats(solvers, judged_count, accepted_count)
            for slug, solvers, judged_count, accepted_count in session.execute(query)
        }


def _best_per_user_and_challenge():
    """A subquery: each user's solved challenges, with the best ranked score (``None`` when
    accepted but never timed believably)."""
    ranked_score = func.min(Submission.score).filter(Submission.flagged == "")
    return (
        select(
            Submission.user_id.label("user_id"),
            Submission.challenge.label("challenge"),
            ranked_score.label("score"),
        )
        .where(Submission.status == ACCEPTED, PUBLIC)
        .group_by(Submission.user_id, Submission.challenge)
        .subquery()
    )


def global_standings(db: Database, limit: int = 100) -> list[dict[str, Any]]:
    """Users by challenges solved (most first), then by the sum of their best scores (lowest
    first: a score is a time over the reference's). A solve without a believable score adds
    nothing to the sum, so among equals it ranks after those with one."""
    best = _best_per_user_and_challenge()
    solved = func.count(best.c.challenge)
    unscored = solved - func.count(best.c.score)
    total = func.coalesce(func.sum(best.c.score), 0.0)
    query = (
        select(User.name, solved.label("solved"), total.label("total"))
        .join(best, best.c.user_id == User.id)
        .group_by(User.id, User.name)
        .order_by(solved.desc(), unscored, total, User.name)
        .limit(limit)
    )
    with db.session() as session:
        rows = session.execute(query).all()
    return [
        {"rank": rank, "user": row.name, "solved": row.solved, "score_sum": row.total}
        for rank, row in enumerate(rows, start=1)
    ]


def user_standing(db: Database, name: str) -> dict[str, Any] | None:
    """A user's solved challenges, each with the best score and the submission that made it;
    ``None`` when there is no such user."""
    with db.session() as session:
        user = session.scalar(select(User).where(User.name == name))
        if user is None or _is_candidate(session, user):
            return None
        rows = session.execute(
            select(Submission.challenge, Submission.id, Submission.score, Submission.median_ms)
            .where(Submission.user_id == user.id, Submission.status == ACCEPTED)
            .order_by(
                Submission.challenge,
                (Submission.flagged != "") | Submission.score.is_(None),
                Submission.score,
                Submission.id,
            )
        ).all()
        attempted = session.scalar(
            select(func.count(distinct(Submission.challenge))).where(Submission.user_id == user.id)
        )
    solved: dict[str, dict[str, Any]] = {}
    for row in rows:
        solved.setdefault(
            row.challenge,
            {
                "challenge": row.challenge,
                "submission": row.id,
                "score": row.score,
                "median_ms": row.median_ms,
            },
        )
    return {
        "name": user.name,
        "since": iso(user.created_at),
        "attempted": attempted or 0,
        "solved": list(solved.values()),
    }


@dataclasses.dataclass
class RuntimeDistribution:
    """The benchmark medians of a challenge's ranked submissions, and the reference's."""

    medians_ms: list[float]
    #: The reference's median: the median of the reference's times recorded with the scores,
    #: or (scores recorded before those were) as the scores imply it (median over submissions
    #: of their median / score); ``None`` before any score.
    reference_ms: float | None

    def bins(self, count: int = 24) -> list[tuple[float, float, int]]:
        """(low, high, submissions) on a logarithmic scale, which suits times spread over
        orders of magnitude; empty without data."""
        values = [v for v in self.medians_ms if v > 0]
        if not values:
            return []
        span = [*values, self.reference_ms] if self.reference_ms else values
        low, high = math.log10(min(span)), math.log10(max(span))
        if high - low < 1e-9:
            low, high = low - 0.5, high + 0.5
        step = (high - low) / count
        counts = [0] * count
        for value in values:
            counts[min(int((math.log10(value) - low) / step), count - 1)] += 1
        return [
            (10 ** (low + i * step), 10 ** (low + (i + 1) * step), counts[i]) for i in range(count)
        ]


def runtime_distribution(db: Database, challenge: str, clock: str) -> RuntimeDistribution:
    """The ranked submissions' medians on ``clock`` (one plot never mixes two clocks; rows
    scored before the clock was stored are on the outside one)."""
    clocks = [clock, ""] if clock == OUTSIDE_CLOCK else [clock]
    query = select(Submission.median_ms, Submission.score, Submission.reference_ms).where(
        Submission.challenge == challenge,
        RANKED,
        Submission.median_ms.is_not(None),
        Submission.clock.in_(clocks),
    )
    with db.session() as session:
        rows = session.execute(query).all()
    recorded = [r for _, _, r in rows if r]
    implied = recorded or [m / s for m, s, _ in rows if s and s > 0 and m]
    medians = [float(m) for m, _, _ in rows if m is not None]
    return RuntimeDistribution(medians, statistics.median(implied) if implied else None)


def _is_candidate(session: Any, user: User) -> bool:
    """A candidate's user has no public page: their work is their assessment's reviewers'."""
    return session.scalar(select(Candidate.id).where(Candidate.user_id == user.id)) is not None


def iso(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.replace(tzinfo=dt.UTC).isoformat()

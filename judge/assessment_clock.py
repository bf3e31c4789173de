"""An assessment's clock, on the server's: what a candidate (:mod:`judge.candidates`) may do, and
when (:func:`work_refusal`): nothing before **Start**, nothing after their deadline (their start
plus the duration, or the window's close if sooner). A submission sent before the deadline and
judged after it counts.

When a candidate's time is up, or the window closes, the sweeper (:func:`settle`) records it and
queues the webhook's signed summary (:mod:`judge.webhooks`); a candidate who presses **Finish**
(:func:`finish`) has theirs queued at once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from sqlalchemy import select, update

from judge.assessments import AssessmentError, challenge_slugs, get_assessment, time_words
from judge.candidates import candidate_of
from judge.storage import Assessment, Candidate, Database, User, WebhookDelivery, utcnow


def deadline(candidate: Candidate, assessment: Assessment) -> dt.datetime | None:
    """When the candidate's time is up: their start plus the duration, or the window's close
    if that is sooner. ``None`` before they start."""
    if candidate.started_at is None:
        return None
    own = candidate.started_at + dt.timedelta(seconds=assessment.duration_s)
    return min(own, assessment.closes_at)


@dataclasses.dataclass(frozen=True)
class Clock:
    """Where a candidate stands, on the server's clock."""

    state: str  # not_open, ready, in_progress, finished, expired, revoked
    deadline: dt.datetime | None
    seconds_left: float | None

    @property
    def working(self) -> bool:
        return self.state == "in_progress"


def clock(candidate: Candidate, assessment: Assessment, now: dt.datetime | None = None) -> Clock:
    now = now or utcnow()
    ends = deadline(candidate, assessment)
    if candidate.revoked_at is not None:
        return Clock("revoked", ends, None)
    if candidate.finished_at is not None or (ends is not None and ends <= now):
        return Clock("finished", ends, 0.0)
    if ends is not None:
        return Clock("in_progress", ends, (ends - now).total_seconds())
    if assessment.closes_at <= now:
        return Clock("expired", None, None)
    if assessment.opens_at > now:
        return Clock("not_open", None, None)
    return Clock("ready", None, None)


def _with_assessment(session: Any, candidate_id: int) -> tuple[Candidate, Assessment]:
    candidate = session.get(Candidate, candidate_id)
    assert candidate is not None
    assessment = session.get(Assessment, candidate.assessment_id)
    assert assessment is not None
    return candidate, assessment


def start(db: Database, candidate_id: int, now: dt.datetime | None = None) -> Candidate:
    """Start the candidate's clock, once: a second start (another tab) changes nothing."""
    now = now or utcnow()
    with db.session() as session:
        candidate, assessment = _with_assessment(session, candidate_id)
        state = clock(candidate, assessment, now).state
        if state == "not_open":
            raise AssessmentError(f"the assessment opens {time_words(assessment.opens_at)}", 409)
        if state in ("expired", "revoked"):
            raise AssessmentError(f"the assessment can no longer be started ({state})", 409)
        if state == "ready":
            # Only the row that is still unstarted: two tabs starting at once start it once.
            session.execute(
                update(Candidate)
                .where(Candidate.id == candidate_id, Candidate.started_at.is_(None))
                .values(started_at=now)
            )
            session.commit()
        session.refresh(candidate)
        return candidate


def finish(db: Database, candidate_id: int, now: dt.datetime | None = None) -> bool:
    """The candidate says they are done: their time ends now. ``False`` if it had already."""
    now = now or utcnow()
    with db.session() as session:
        candidate, assessment = _with_assessment(session, candidate_id)
        if not clock(candidate, assessment, now).working:
            return False
        changed = session.execute(
            update(Candidate)
            .where(Candidate.id == candidate_id, Candidate.finished_at.is_(None))
            .values(finished_at=now, finish_reason="finished")
        ).rowcount  # type: ignore[attr-defined]
        if changed:
            _queue_webhook(session, assessment, "candidate.finished", candidate_id, now)
        session.commit()
        return bool(changed)


def work_refusal(db: Database, user: User, slug: str, now: dt.datetime | None = None) -> str | None:
    """Why ``user`` may not save, run or submit code for challenge ``slug`` now, or ``None``.
    A user who is no candidate is never refused here; a candidate only on their assessment's
    challenges, between their start and their deadline."""
    candidate = candidate_of(db, user)
    if candidate is None:
        return None
    assessment = get_assessment(db, candidate.assessment_id)
    if slug not in challenge_slugs(assessment):
        return f"{slug[:64]!r} is not one of this assessment's challenges"
    where = clock(candidate, assessment, now)
    if where.state == "ready" or where.state == "not_open":
        return "the assessment has not started: press Start on its page first"
    if where.state == "revoked":
        return "this invitation was revoked"
    if where.state in ("finished", "expired"):
        ended = where.deadline if candidate.finish_reason != "finished" else candidate.finished_at
        when = f" at {time_words(ended)}" if ended else ""
        return f"time is up: the assessment ended{when}; what you submitted before is recorded"
    return None


# ---------------------------------------------------------------- the sweeper's part


def settle(db: Database, now: dt.datetime | None = None) -> list[str]:
    """Record what the clock has ended: each candidate whose time is up (finished at their
    deadline) and each assessment whose window has closed, queueing their webhook summaries.
    Returns what it recorded, for the log. Every worker's sweeper calls it: each change lands
    once (a conditional update), and only the one that landed it queues the summary."""
    now = now or utcnow()
    done: list[str] = []
    with db.session() as session:
        running = session.execute(
            select(Candidate, Assessment)
            .join(Assessment, Assessment.id == Candidate.assessment_id)
            .where(Candidate.started_at.is_not(None), Candidate.finished_at.is_(None))
        ).all()
        for candidate, assessment in running:
            ends = deadline(candidate, assessment)
            if ends is None or ends > now:
                continue
            changed = session.execute(
                update(Candidate)
                .where(Candidate.id == candidate.id, Candidate.finished_at.is_(None))
                .values(finished_at=ends, finish_reason="time_up")
            ).rowcount  # type: ignore[attr-defined]
            if changed:
                _queue_webhook(session, assessment, "candidate.finished", candidate.id, now)
                done.append(f"candidate {candidate.id}'s time is up")
        closing = session.scalars(
            select(Assessment).where(Assessment.closes_at <= now, Assessment.closed_at.is_(None))
        ).all()
        for assessment in closing:
            changed = session.execute(
                update(Assessment)
                .where(Assessment.id == assessment.id, Assessment.closed_at.is_(None))
                .values(closed_at=now)
            ).rowcount  # type: ignore[attr-defined]
            if changed:
                _queue_webhook(session, assessment, "assessment.closed", None, now)
                done.append(f"assessment {assessment.id}'s window closed")
        session.commit()
    return done


def _queue_webhook(
    session: Any, assessment: Assessment, event: str, candidate_id: int | None, now: dt.datetime
) -> None:
    if assessment.webhook_url:
        session.add(
            WebhookDelivery(
                assessment_id=assessment.id,
                candidate_id=candidate_id,
                event=event,
                created_at=now,
                next_at=now,
            )
        )

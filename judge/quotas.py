"""How much one user may ask of the judge: submissions per minute, and submissions waiting for
their verdict at once.

Counted in the database when a submission arrives: the source of truth, shared by every API
process and host. Admins (the operators) are exempt. Two requests of one user that arrive at the
same instant may both pass: a quota bounds a user's rate, it is not a lock.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

from sqlalchemy import func, select

from judge.config import Settings
from judge.storage import Database, Submission, User, utcnow
from judge.verdicts import Verdict

WINDOW = dt.timedelta(minutes=1)
#: Submissions waiting at the cap: no one knows when one ends, so ask again a little later.
WAITING_RETRY_S = 15


@dataclasses.dataclass(frozen=True)
class Refusal:
    """Why a submission is refused now, and after how many seconds to try again."""

    message: str
    retry_after_s: int


def refusal(db: Database, user: User, settings: Settings, now: dt.datetime | None = None):
    """The quota ``user`` would pass by submitting now, as a :class:`Refusal`; ``None`` when
    none is (or the user is an admin)."""
    if user.is_admin:
        return None
    now = now or utcnow()
    return _rate(db, user, settings.submissions_per_minute, now) or _waiting(
        db, user, settings.max_waiting_submissions
    )


def _rate(db: Database, user: User, most: int, now: dt.datetime) -> Refusal | None:
    if most <= 0:
        return None
    with db.session() as session:
        count, oldest = session.execute(
            select(func.count(), func.min(Submission.created_at)).where(
                Submission.user_id == user.id, Submission.created_at > now - WINDOW
            )
        ).one()
    if count < most:
        return None
    wait = max(1, math.ceil((oldest + WINDOW - now).total_seconds()))
    return Refusal(
        f"{count} submissions in the last minute; the most is {most}: try again in {wait} s",
        wait,
    )


def _waiting(db: Database, user: User, most: int) -> Refusal | None:
    if most <= 0:
        return None
    in_flight = (Verdict.QUEUED.value, Verdict.RUNNING.value)
    with db.session() as session:
        count = session.scalar(
            select(func.count()).where(
                Submission.user_id == user.id, Submission.status.in_(in_flight)
            )
        )
    if (count or 0) < most:
        return None
    return Refusal(
        f"{count} of your submissions are still waiting for their verdict; the most at once is "
        f"{most}: try again when one has its verdict",
        WAITING_RETRY_S,
    )

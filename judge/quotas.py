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

from sqlalchemy import case, func, select

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
    none is (or the user is an admin). Both are counted in one query: every POST asks."""
    rate, waiting = settings.submissions_per_minute, settings.max_waiting_submissions
    if user.is_admin or (rate <= 0 and waiting <= 0):
        return None
    now = now or utcnow()
    recent = Submission.created_at > now - WINDOW
    in_flight = Submission.status.in_((Verdict.QUEUED.value, Verdict.RUNNING.value))
    with db.session() as session:
        count, oldest, waiting_now = session.execute(
            select(
                func.count(case((recent, 1))),
                func.min(case((recent, Submission.created_at))),
                func.count(case((in_flight, 1))),
            ).where(Submission.user_id == user.id)
        ).one()
    return _rate(count, oldest, rate, now) or _waiting(waiting_now, waiting)


def _rate(count: int, oldest: dt.datetime | None, most: int, now: dt.datetime) -> Refusal | None:
    if most <= 0 or count < most or oldest is None:
        return None
    wait = max(1, math.ceil((oldest + WINDOW - now).total_seconds()))
    return Refusal(
        f"{count} submissions in the last minute; the most is {most}: try again in {wait} s",
        wait,
    )


def _waiting(count: int, most: int) -> Refusal | None:
    if most <= 0 or count < most:
        return None
    return Refusal(
        f"{count} of your submissions are still waiting for their verdict; the most at once is "
        f"{most}: try again when one has its verdict",
        WAITING_RETRY_S,
    )

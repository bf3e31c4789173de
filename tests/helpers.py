"""Small helpers shared by tests."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import update

from judge.storage import Database, Submission, utcnow

T = TypeVar("T")


class TimedOut(AssertionError):
    """Raised when what a test waits for does not happen in time."""


def wait_for(
    predicate: Callable[[], T],
    timeout: float,
    what: str,
    interval: float = 0.1,
    explain: Callable[[], str] = lambda: "",
) -> T:
    """``predicate()``'s first true value, asked every ``interval`` seconds; :class:`TimedOut`,
    naming ``what`` and adding what ``explain()`` says, once ``timeout`` seconds have passed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise TimedOut(f"timed out after {timeout:g} s waiting for {what}\n{explain()}".rstrip())


def backdate(db: Database, submission_id: int, seconds: float) -> None:
    """Make a submission look as if it was queued ``seconds`` ago (for the sweeper)."""
    with db.session() as session:
        session.execute(
            update(Submission)
            .where(Submission.id == submission_id)
            .values(touched_at=utcnow() - dt.timedelta(seconds=seconds))
        )
        session.commit()

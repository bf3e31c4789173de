"""Small helpers shared by tests; the stack's processes are :mod:`harness.processes`'."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import update

from judge.storage import Database, Submission, utcnow


def backdate(db: Database, submission_id: int, seconds: float) -> None:
    """Make a submission look as if it was queued ``seconds`` ago (for the sweeper)."""
    with db.session() as session:
        session.execute(
            update(Submission)
            .where(Submission.id == submission_id)
            .values(touched_at=utcnow() - dt.timedelta(seconds=seconds))
        )
        session.commit()


def browser_log_in(page, url: str, token: str) -> None:
    page.goto(f"{url}/login")
    page.fill("#token", token)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/users/"))


def overflow(page) -> int:
    """How far the page is wider than the window (tables scroll inside their box)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")

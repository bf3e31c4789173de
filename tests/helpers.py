"""Small helpers shared by tests."""

from __future__ import annotations

import datetime as dt

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

"""Nothing accepted is lost: a submission whose task vanished (Redis flushed, the API stopped
before sending it) is sent again by the worker's own sweeper, within seconds, and judged."""

from __future__ import annotations

import pytest

from judge.storage import User
from judge.submissions import create_submission
from tests import sources

pytestmark = [
    pytest.mark.services,
    pytest.mark.docker,
    pytest.mark.parametrize("stack", ["sqlite", "postgresql"], indirect=True),
]


def test_a_lost_task_is_swept_and_judged(stack):
    stack.add_user("sweep-victim")
    db = stack.db
    with db.session() as session:
        user = session.query(User).filter_by(name="sweep-victim").one()
    # Stored as the API stores it, but its task never reached Redis.
    submission = create_submission(db, user, "matmul", sources.DOT)
    assert stack.wait(submission.id, timeout=60)["status"] == "accepted"

"""Nothing accepted is lost: a submission whose task vanished (Redis flushed, worker killed before
it was sent) is re-queued by the sweeper and judged by the real worker."""

from __future__ import annotations

import pytest

from judge.storage import Database, User
from judge.submissions import create_submission
from tests import sources
from tests.helpers import backdate

pytestmark = [pytest.mark.services, pytest.mark.docker]


def test_a_lost_task_is_swept_and_judged(stack):
    from workers.queue import SWEEP_TASK, create_celery

    stack.add_user("sweep-victim")
    db = Database(stack.settings.database)
    with db.session() as session:
        user = session.query(User).filter_by(name="sweep-victim").one()
    # Stored as the API stores it, but its task never reached Redis.
    submission = create_submission(db, user, "matmul", sources.DOT)
    backdate(db, submission.id, 300)
    create_celery(stack.settings).send_task(SWEEP_TASK, queue="cpu")
    assert stack.wait(submission.id)["status"] == "accepted"
